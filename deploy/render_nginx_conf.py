"""Write an nginx.conf for N Streamlit replicas from deploy/nginx.conf.template (standard library only).

    python deploy/render_nginx_conf.py --listen 127.0.0.1:8080 --replica 127.0.0.1:8501 --replica 127.0.0.1:8502 \
        --out /srv/spine-nginx/nginx.conf

Then: nginx -p /srv/spine-nginx -c /srv/spine-nginx/nginx.conf -e /srv/spine-nginx/logs/error.log
(this also creates the prefix's logs/ and tmp/ folders). See deploy/README.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
FAIL_TIMEOUT_S = 10  # how long nginx leaves a replica alone after it refused a connection


def render(listen: str, replicas: list[str]) -> str:
    """The config text: nginx on `listen` (e.g. "127.0.0.1:8080") in front of `replicas` ("host:port" each)."""
    if not replicas:
        raise ValueError("at least one replica is needed")
    for value in [listen, *replicas]:
        if not value or any(c in value for c in ";{}\n\r\"'$@"):
            raise ValueError(f"not a plain address: {value!r}")
    servers = "\n".join(f"        server {r} max_fails=1 fail_timeout={FAIL_TIMEOUT_S}s;" for r in replicas)
    return TEMPLATE.read_text(encoding="utf-8").replace("@@LISTEN@@", listen).replace("@@UPSTREAMS@@", servers)


def write(out: Path, listen: str, replicas: list[str]) -> Path:
    """Write the config to `out` and create the logs/ and tmp/ folders it uses beside it (its nginx prefix)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    for sub in ("logs", "tmp"):
        (out.parent / sub).mkdir(exist_ok=True)
    out.write_text(render(listen, replicas), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="127.0.0.1:8080", help="address nginx listens on (default %(default)s)")
    parser.add_argument("--replica", action="append", required=True, help="host:port of one Streamlit replica")
    parser.add_argument("--out", type=Path, required=True, help="where to write nginx.conf (its folder = the prefix)")
    args = parser.parse_args(argv)
    print(write(args.out, args.listen, args.replica))


if __name__ == "__main__":
    main()
