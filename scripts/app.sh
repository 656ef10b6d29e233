#!/usr/bin/env bash
# Sætter alt op og starter apps'ene med Voilà på de indlejrede eksempeldata.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

export TILSYNWIDGETS_DATA_DIR="${TILSYNWIDGETS_DATA_DIR:-$PWD/data}"
port="${PORT:-8866}"

echo "==> Opretter lageret eller opgraderer det til denne udgave (intet mistes)"
.venv/bin/tilsynwidgets opgrader

echo "==> Indlæser eksempelporteføljen, hvis lageret er tomt"
.venv/bin/tilsynwidgets indlaes-eksempel --hvis-tom

# Skabelonen tilsyn (share/jupyter/voila/templates/tilsyn): lab-skabelonen uden hentning fra
# cdn.jsdelivr.net og med lang="da"; voila.py ved siden af lader Voilà lukke en sides kerne,
# når siden forlades. tests/browser/conftest.py starter Voilà på samme måde.
export JUPYTER_PATH="$PWD/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"

echo "==> Starter Voilà: åbn http://localhost:${port}/voila/render/Forside.ipynb"
exec .venv/bin/voila notebooks --port="$port" --no-browser \
    --template=tilsyn \
    --Voila.config_file_paths="$PWD/share/jupyter/voila/templates/tilsyn" \
    --Voila.ip="${VOILA_IP:-127.0.0.1}"
