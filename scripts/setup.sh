#!/usr/bin/env bash
# Opretter .venv og installerer tilsynwidgets med de ekstra pakker, der er bedt om.
# Brug: scripts/setup.sh [extras]   fx  scripts/setup.sh test
set -euo pipefail
cd "$(dirname "$0")/.."

extras="${1:-}"
python="${PYTHON:-python3}"

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "tilsynwidgets kræver Python 3.11 eller nyere (fandt $("$python" --version 2>&1))." >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    echo "==> Opretter virtuelt miljø i .venv"
    "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
target="."
[ -n "$extras" ] && target=".[$extras]"
echo "==> Installerer tilsynwidgets ($target)"
# Not editable: the tests run against the package as it installs, data files included.
.venv/bin/python -m pip install --quiet --upgrade --force-reinstall --no-deps "$target"
.venv/bin/python -m pip install --quiet "$target"
