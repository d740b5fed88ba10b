# Spine Fusion Compare: one dashboard replica. Several behind nginx: deploy/README.md.
#   docker build -t spine-fusion-compare .
#   docker run --rm -p 127.0.0.1:8501:8501 spine-fusion-compare
# Debian 12 (bookworm), as on the development and CI machines.
FROM python:3.11-slim-bookworm

# chromium: chart PNG/SVG downloads and the handouts' chart images (kaleido, through BROWSER_PATH);
# fonts-dejavu-core: the PDF handouts' font; tini: PID 1 that passes on signals and reaps Chromium's children.
# Not pinned: Debian's security updates replace versions, and a pinned one would stop building.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core tini \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BROWSER_PATH=/usr/bin/chromium

WORKDIR /app
COPY requirements.txt ./
RUN pip install --only-binary=:all: -r requirements.txt

# The app only (see .dockerignore), owned by root and read-only to the user that runs it.
COPY .streamlit/ .streamlit/
COPY dashboard.py ./
COPY components/ components/
COPY evidence/ evidence/
COPY data/ data/

RUN useradd --create-home --uid 10001 --user-group spine
USER 10001:10001

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"]

ENTRYPOINT ["/usr/bin/tini", "--"]
# .streamlit/config.toml (read from /app) keeps XSRF protection and CORS on and sends no usage statistics.
CMD ["streamlit", "run", "dashboard.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
