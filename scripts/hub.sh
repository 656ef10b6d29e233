#!/usr/bin/env bash
# Sætter alt op og starter apps'ene bag JupyterHub til en afprøvning på én maskine (docs/hub.md):
# login med prøvebrugerne i deploy/hub/brugere.yaml, PostgreSQL som fælles lager.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh hub

if ! command -v npm >/dev/null 2>&1; then
    echo "JupyterHubs proxy installeres med npm, som ikke findes. Installér Node.js 20 eller nyere" >&2
    echo "(Debian: apt-get install nodejs npm) og kør igen." >&2
    exit 1
fi
echo "==> Installerer JupyterHubs proxy (configurable-http-proxy) i deploy/hub"
npm ci --prefix deploy/hub --no-audit --no-fund --loglevel=error

state="${TILSYNWIDGETS_HUB_STATE_DIR:-$PWD/deploy/hub/tilstand}"
mkdir -p "$state"
chmod 700 "$state"
export TILSYNWIDGETS_HUB_STATE_DIR="$state"
export TILSYNWIDGETS_DATA_DIR="${TILSYNWIDGETS_DATA_DIR:-$state/data}"
export TILSYNWIDGETS_DATABASE_URL="${TILSYNWIDGETS_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/tilsynwidgets_hub}"
export TILSYNWIDGETS_HUB_IP="${HUB_IP:-${TILSYNWIDGETS_HUB_IP:-127.0.0.1}}"
export TILSYNWIDGETS_HUB_PORT="${HUB_PORT:-${TILSYNWIDGETS_HUB_PORT:-8000}}"

echo "==> Opretter databasen, hvis den mangler"
.venv/bin/python -m tilsynwidgets.hub.database "$TILSYNWIDGETS_DATABASE_URL"

echo "==> Opretter lageret eller opgraderer det til denne udgave (intet mistes)"
.venv/bin/tilsynwidgets opgrader

echo "==> Indlæser eksempelporteføljen, hvis lageret er tomt"
.venv/bin/tilsynwidgets indlaes-eksempel --hvis-tom

# Prøvebrugernes fælles adgangskode: fra miljøet, ellers den, der blev valgt ved første start.
password_file="$state/adgangskode"
if [ -z "${TILSYNWIDGETS_HUB_PASSWORD:-}" ]; then
    if [ ! -s "$password_file" ]; then
        (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(9))' >"$password_file")
    fi
    TILSYNWIDGETS_HUB_PASSWORD="$(cat "$password_file")"
    echo "==> Prøvebrugerne (deploy/hub/brugere.yaml) logger ind med adgangskoden: $TILSYNWIDGETS_HUB_PASSWORD"
    echo "    (gemt i $password_file; sæt TILSYNWIDGETS_HUB_PASSWORD for at vælge en anden)"
fi
export TILSYNWIDGETS_HUB_PASSWORD
# En ny nøgle til identiteten, som tjenesten giver hver sides kerne, ved hver start.
unset TILSYNWIDGETS_IDENTITY_KEY

echo "==> Starter JupyterHub: åbn http://${TILSYNWIDGETS_HUB_IP}:${TILSYNWIDGETS_HUB_PORT}/ og log ind som fx tf-syd-1"
exec .venv/bin/jupyterhub -f deploy/hub/jupyterhub_config.py
