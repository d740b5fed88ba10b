# Spine Fusion Compare: `make run` starts the dashboard, `make test` runs every test. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test check benchmark replicas system-packages

$(BIN)/streamlit: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --only-binary=:all: -r requirements.txt
	touch $@

# Debian packages the browser tests and chart images need (no browser download works here).
system-packages:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null && command -v nginx >/dev/null && \
	  test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || \
	  { apt-get update -qq && apt-get install -y -qq chromium poppler-utils fonts-dejavu-core nginx >/dev/null; }

run: $(BIN)/streamlit
	-@$(MAKE) --no-print-directory system-packages  # chart images and handouts need Chromium; the app runs without
	BROWSER_PATH=/usr/bin/chromium $(BIN)/streamlit run dashboard.py

check: $(BIN)/streamlit
	$(BIN)/python -m evidence check $(or $(DIR),data)

test: $(BIN)/streamlit system-packages
	BROWSER_PATH=/usr/bin/chromium $(BIN)/python -m pytest

replicas: $(BIN)/streamlit system-packages
	PATH="$(CURDIR)/$(BIN):$$PATH" deploy/run_replicas.sh $(or $(N),2)

benchmark: $(BIN)/streamlit system-packages
	BROWSER_PATH=/usr/bin/chromium $(BIN)/python benchmarks/speed.py
