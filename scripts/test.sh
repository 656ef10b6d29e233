#!/usr/bin/env bash
# Sætter alt op og kører hele testpakken: ruff, mypy, pytest (enhedstest, lager, notebooks).
# PostgreSQL-testene kører, når TILSYNWIDGETS_TEST_DATABASE_URL peger på en server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test

echo "==> ruff"
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
echo "==> mypy"
.venv/bin/mypy
echo "==> pytest"
.venv/bin/python -m pytest --nbval notebooks tests "$@"
