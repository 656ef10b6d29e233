#!/usr/bin/env bash
# Sætter alt op og starter apps'ene med Voilà på de indlejrede eksempeldata.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

export TILSYNWIDGETS_DATA_DIR="${TILSYNWIDGETS_DATA_DIR:-$PWD/data}"
port="${PORT:-8866}"

echo "==> Indlæser eksempelporteføljen, hvis lageret er tomt"
.venv/bin/tilsynwidgets indlaes-eksempel --hvis-tom

echo "==> Starter Voilà: åbn http://localhost:${port}/voila/render/Forside.ipynb"
exec .venv/bin/voila notebooks --port="$port" --no-browser \
    --Voila.ip="${VOILA_IP:-127.0.0.1}"
