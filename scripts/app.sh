#!/usr/bin/env bash
# Sætter alt op og starter apps'ene med Voilà på de indlejrede eksempeldata.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

# Data i data/, medmindre en konfigurationsfil (tilsynwidgets.toml i roden eller
# $TILSYNWIDGETS_CONFIG) eller miljøet siger andet; kommandolinjen og apps'ene læser det samme.
if [ -z "${TILSYNWIDGETS_DATA_DIR:-}" ] && [ -z "${TILSYNWIDGETS_CONFIG:-}" ] \
    && [ ! -f tilsynwidgets.toml ]; then
    export TILSYNWIDGETS_DATA_DIR="$PWD/data"
fi
port="${PORT:-8866}"

echo "==> Opretter lageret eller opgraderer det til denne udgave (intet mistes)"
.venv/bin/tilsynwidgets opgrader

echo "==> Indlæser eksempelporteføljen, hvis lageret er tomt"
.venv/bin/tilsynwidgets indlaes-eksempel --hvis-tom

# Skabelonen tilsyn (share/jupyter/voila/templates/tilsyn): lab-skabelonen uden hentning fra
# cdn.jsdelivr.net og med lang="da"; voila.py ved siden af lader Voilà lukke en sides kerne,
# når siden forlades eller har været uvirksom, og sætter et loft over antallet af kerner
# (docs/configuration.md). tests/browser/conftest.py starter Voilà på samme måde.
export JUPYTER_PATH="$PWD/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"

echo "==> Starter Voilà: åbn http://localhost:${port}/voila/render/Forside.ipynb"
exec .venv/bin/voila notebooks --port="$port" --no-browser \
    --template=tilsyn \
    --Voila.config_file_paths="$PWD/share/jupyter/voila/templates/tilsyn" \
    --Voila.ip="${VOILA_IP:-127.0.0.1}"
