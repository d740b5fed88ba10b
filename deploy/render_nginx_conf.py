"""Write an nginx.conf for N Streamlit replicas from deploy/nginx.conf.template (standard library only).

    python deploy/render_nginx_conf.py --listen 127.0.0.1:8080 --replica 127.0.0.1:8501 --replica 127.0.0.1:8502 \\
        --out /srv/spine-nginx/nginx.conf

writes the config and creates its prefix's logs/ and tmp/ folders; then run
    nginx -p /srv/spine-nginx -c /srv/spine-nginx/nginx.conf -e /srv/spine-nginx/logs/error.log
See deploy/README.md.
"""

from __future__ import annotations

import argparse
import ipaddress
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
FAIL_TIMEOUT_S = 10  # how long sfc_any leaves a replica alone after it refused a connection


def canonical(address: str) -> str:
    """An IP address and port written as nginx writes it in $upstream_addr (127.0.0.1:8501, [::1]:8501): the cookie
    map recognises the replica that answered by that text, so no host names (nginx would log what they resolve to)."""
    host, sep, port = address.rpartition(":")
    bracketed = host.startswith("[") and host.endswith("]")
    try:
        ip = ipaddress.ip_address(host[1:-1] if bracketed else host)
        if sep and port.isdigit() and 0 < int(port) < 65536 and ip.version == (6 if bracketed else 4):
            return f"[{ip}]:{int(port)}" if bracketed else f"{ip}:{int(port)}"
    except ValueError:
        pass
    raise ValueError(f"not an IP:port address (write 127.0.0.1:8501 or [::1]:8501): {address!r}")


def replicas_block(replicas: list[str]) -> str:
    """The upstreams and maps that name each replica (r0, r1, ... in the order given): all of the config that
    depends on the replicas. Keep their order when adding one (at the end): a browser's cookie names r0, r1, ..."""
    names = [f"r{n}" for n in range(len(replicas))]
    lines = [f"    upstream sfc_{name} {{ server {address}; }}" for name, address in zip(names, replicas)]
    lines += ["    upstream sfc_any {", "        least_conn;"]
    lines += [f"        server {address} max_fails=1 fail_timeout={FAIL_TIMEOUT_S}s;" for address in replicas]
    lines += ["    }", "    map $cookie_sfc_replica $sfc_upstream {", "        default sfc_any;"]
    lines += [f"        {name} sfc_{name};" for name in names]
    lines += ["    }", "    map $sfc_served_addr $sfc_served {", '        default "";']
    lines += [f'        "{address}" {name};' for name, address in zip(names, replicas)]
    lines += ["    }"]
    return "\n".join(lines)


def render(listen: str, replicas: list[str]) -> str:
    """The config text: nginx on `listen` ("127.0.0.1:8080") in front of `replicas` ("127.0.0.1:8501", ...)."""
    listen, replicas = canonical(listen), [canonical(r) for r in replicas]
    if not replicas:
        raise ValueError("at least one replica is needed")
    if len(set(replicas)) != len(replicas):
        raise ValueError("a replica is listed twice")
    text = TEMPLATE.read_text(encoding="utf-8")
    return text.replace("@@LISTEN@@", listen).replace("@@REPLICAS@@", replicas_block(replicas))


def write(out: Path, listen: str, replicas: list[str]) -> Path:
    """Write the config to `out` and create the logs/ and tmp/ folders it uses beside it (its nginx prefix)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    for sub in ("logs", "tmp"):
        (out.parent / sub).mkdir(exist_ok=True)
    out.write_text(render(listen, replicas), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="127.0.0.1:8080", help="IP:port nginx listens on (default %(default)s)")
    parser.add_argument("--replica", action="append", required=True,
                        help="IP:port of one Streamlit replica, e.g. 127.0.0.1:8501 (repeat, in a fixed order)")
    parser.add_argument("--out", type=Path, required=True, help="where to write nginx.conf (its folder = the prefix)")
    args = parser.parse_args(argv)
    print(write(args.out, args.listen, args.replica))


if __name__ == "__main__":
    main()
