#!/usr/bin/env bash
# Spine Fusion Compare on one host: N dashboard replicas on 127.0.0.1:8501, 8502, ... and nginx in front of them
# on 127.0.0.1:8080, with sticky sessions (deploy/README.md). Runs in the foreground; Ctrl-C, or any one of the
# processes ending, stops them all.
#   deploy/run_replicas.sh [N]          N defaults to 2, one per core is the most that helps
# Settings: LISTEN (127.0.0.1:8080), FIRST_PORT (8501), PREFIX (nginx's folder: config, logs; default a new
# temporary one), PYTHON (.venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-2}
LISTEN=${LISTEN:-127.0.0.1:8080}
FIRST_PORT=${FIRST_PORT:-8501}
PREFIX=${PREFIX:-$(mktemp -d -t spine-nginx.XXXXXX)}
PYTHON=${PYTHON:-.venv/bin/python}
mkdir -p "$PREFIX"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [number of replicas]" >&2; exit 2; }
[[ -x $NGINX ]] || { echo "nginx is missing: apt-get install nginx" >&2; exit 1; }

pids=()
stop() {
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait || true
}
trap stop EXIT INT TERM

replicas=()
for ((i = 0; i < N; i++)); do
    port=$((FIRST_PORT + i))
    "$PYTHON" -m streamlit run dashboard.py --server.address 127.0.0.1 --server.port "$port" \
        --server.headless true >"$PREFIX/replica-$i.log" 2>&1 &
    pids+=($!)
    replicas+=(--replica "127.0.0.1:$port")
done
"$PYTHON" deploy/render_nginx_conf.py --listen "$LISTEN" "${replicas[@]}" --out "$PREFIX/nginx.conf" >/dev/null
"$NGINX" -p "$PREFIX" -c "$PREFIX/nginx.conf" -e "$PREFIX/logs/error.log" &
pids+=($!)

echo "Spine Fusion Compare: http://$LISTEN/ ($N replicas; config and logs in $PREFIX). Ctrl-C stops all."
wait -n   # the first of them to end (or Ctrl-C) ends the rest
