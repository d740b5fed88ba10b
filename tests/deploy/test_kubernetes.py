"""The Kubernetes manifests in deploy/kubernetes: valid against the Kubernetes API schemas (offline, strict), and
wired together: probes on Streamlit's health endpoint, the Service finds the pods, the Ingress keeps a browser on
its pod by cookie and reaches the Service."""

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

MANIFESTS = Path(__file__).resolve().parents[2] / "deploy" / "kubernetes"
KUBERNETES = "1.37.0"


def resources() -> dict[str, dict]:
    found = {}
    for path in sorted(MANIFESTS.glob("*.yaml")):
        for resource in yaml.safe_load_all(path.read_text()):
            found[resource["kind"]] = resource
    return found


@pytest.mark.parametrize("path", sorted(MANIFESTS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_manifest_passes_strict_schema_validation(path):
    for resource in yaml.safe_load_all(path.read_text()):
        kubernetes_validate.validate(resource, KUBERNETES, strict=True)


def test_a_broken_manifest_is_refused():
    deployment = resources()["Deployment"]
    deployment["spec"]["replicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES, strict=True)


def test_there_is_a_deployment_a_service_and_an_ingress():
    assert set(resources()) == {"Deployment", "Service", "Ingress"}


def test_readiness_and_liveness_ask_streamlit_health_on_the_served_port():
    container = resources()["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        check = container[probe]["httpGet"]
        assert check["path"] == "/_stcore/health"
        assert check["port"] in ports or check["port"] in ports.values()
    assert 8501 in ports.values()  # where the image's Streamlit listens


def test_the_service_selects_the_pods_and_targets_their_port():
    found = resources()
    pod = found["Deployment"]["spec"]["template"]
    service = found["Service"]["spec"]
    assert service["selector"].items() <= pod["metadata"]["labels"].items()
    assert found["Deployment"]["spec"]["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
    port_names = {port["name"] for port in pod["spec"]["containers"][0]["ports"]}
    assert all(port["targetPort"] in port_names for port in service["ports"])


def test_the_ingress_keeps_each_browser_on_one_pod_by_cookie_and_reaches_the_service():
    found = resources()
    ingress = found["Ingress"]
    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert annotations["nginx.ingress.kubernetes.io/session-cookie-name"]
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600  # websockets stay open
    backends = [path["backend"]["service"] for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]]
    service = found["Service"]
    assert backends and all(b["name"] == service["metadata"]["name"] for b in backends)
    assert all(b["port"]["name"] in {p["name"] for p in service["spec"]["ports"]} for b in backends)
