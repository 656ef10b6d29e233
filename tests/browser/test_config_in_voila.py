"""One configuration for all: the CLI, started in a project's root, and the kernel Voilà starts
for a notebook in the project's ``notebooks/``, read the same ``tilsynwidgets.toml``.

A temporary project holds the file (``data_dir = "lager"``, relative, so the test also shows
that it means the same folder to both) and a notebook that prints the data folder. Voilà runs
as plainly as it can (default template, no configuration of this project), with no
``TILSYNWIDGETS_*`` variable in its environment: what the kernel reports comes from the file.
Voilà renders a notebook's outputs on the server, so one HTTP request reads the kernel's answer.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import nbformat
import pytest
from tests.browser.conftest import running_voila

pytestmark = pytest.mark.browser

PRINT_DATA_DIR = (
    "from tilsynwidgets.config import load_settings\n"
    "print('data_dir=' + str(load_settings().data_dir))"
)
RENDER_TIMEOUT_S = 180


def _environment(xdg: Path) -> dict[str, str]:
    """This environment without any TILSYNWIDGETS_* setting (the repo's conftest.py sets the
    data folder for tests), and a default data folder of the test's own."""
    environment = {
        k: v for k, v in os.environ.items() if not k.upper().startswith("TILSYNWIDGETS_")
    }
    environment["XDG_DATA_HOME"] = str(xdg)
    return environment


def _reported(output: str) -> Path:
    found = re.findall(r"data_dir=([^\s<]+)", output)
    assert len(found) == 1, f"Ingen eller flere data_dir i uddata:\n{output[-2000:]}"
    return Path(html.unescape(found[0]))


def test_cli_and_voila_kernel_read_the_same_config_file(tmp_path: Path) -> None:
    project = tmp_path / "projekt"
    notebooks = project / "notebooks"
    notebooks.mkdir(parents=True)
    (project / "tilsynwidgets.toml").write_text('data_dir = "lager"\n', encoding="utf-8")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(PRINT_DATA_DIR)]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, notebooks / "indstillinger.ipynb")
    environment = _environment(tmp_path / "xdg")

    cli = subprocess.run(
        [sys.executable, "-c", PRINT_DATA_DIR],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )

    # A plain Voilà, started in the project folder; its kernels start in notebooks/.
    with running_voila(
        notebooks, tmp_path / "voila.log", cwd=project, env=environment, template=False
    ) as server:
        request = urllib.request.Request(
            server.url("indstillinger.ipynb"),
            headers={"Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate"},
        )
        with urllib.request.urlopen(request, timeout=RENDER_TIMEOUT_S) as response:
            page = response.read().decode("utf-8", errors="replace")
        server.remember_children()

    from_cli = _reported(cli.stdout)
    from_kernel = _reported(page)
    assert from_cli == project / "lager"
    assert from_kernel == from_cli, f"Sidste linjer i Voilàs log:\n{server.log_tail()}"
