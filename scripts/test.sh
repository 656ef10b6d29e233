#!/usr/bin/env bash
# Sætter alt op og kører hele testpakken: ruff, mypy, pytest (enhedstest, lager, notebooks).
# PostgreSQL-testene kører, når TILSYNWIDGETS_TEST_DATABASE_URL peger på en server.
# Browsertestene (tests/browser) kører apps'ene i Debians Chromium: mangler den, installeres den
# her (som root); ellers stopper scriptet med besked om, hvad der skal installeres.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test

chromium="${TILSYNWIDGETS_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
    if [ -n "${TILSYNWIDGETS_CHROMIUM:-}" ]; then
        echo "TILSYNWIDGETS_CHROMIUM peger på $chromium, som ikke findes eller ikke kan køres." >&2
        exit 1
    fi
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> Installerer Chromium til browsertestene (apt-get install chromium)"
        apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
    fi
    if [ ! -x "$chromium" ]; then
        echo "Browsertestene kræver Chromium ($chromium), men den er ikke installeret." >&2
        echo "Installér den som root (Debian):  apt-get update && apt-get install -y chromium" >&2
        echo "eller peg TILSYNWIDGETS_CHROMIUM på en Chromium, der allerede findes." >&2
        exit 1
    fi
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "Hub-testene (tests/hub) kræver Node.js og npm til JupyterHubs proxy." >&2
    echo "Installér dem som root (Debian):  apt-get update && apt-get install -y nodejs npm" >&2
    exit 1
fi
echo "==> JupyterHubs proxy til hub-testene (npm ci i deploy/hub)"
npm ci --prefix deploy/hub --no-audit --no-fund --loglevel=error

echo "==> ruff"
.venv/bin/ruff check src tests benchmarks scripts share deploy conftest.py
.venv/bin/ruff format --check src tests benchmarks scripts share deploy conftest.py
echo "==> mypy"
.venv/bin/mypy
echo "==> pytest"
.venv/bin/python -m pytest --nbval notebooks tests "$@"
