"""Re-run the notebooks on the reference sample and store their checked outputs.

nbval compares each notebook's stored outputs with a fresh run; after changing what a
notebook prints, run this (``.venv/bin/python scripts/refresh_notebook_outputs.py``) and
commit the result. Widget outputs (cells tagged ``nbval-ignore-output``) are not stored.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tilsynwidgets.sample.load import REFERENCE_DATE, load_sample
from tilsynwidgets.store.store import Store

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
IGNORED = "nbval-ignore-output"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="tilsynwidgets-notebooks-") as folder:
        os.environ["TILSYNWIDGETS_DATA_DIR"] = folder
        os.environ.pop("TILSYNWIDGETS_DATABASE_URL", None)
        # As the tests run them: the apps work as of the sample's data date.
        os.environ["TILSYNWIDGETS_AS_OF"] = REFERENCE_DATE.isoformat()
        with Store.open() as store:
            store.upgrade()
            load_sample(store, REFERENCE_DATE)
        for path in sorted(NOTEBOOKS.glob("*.ipynb")):
            notebook = nbformat.read(path, as_version=4)
            NotebookClient(
                notebook, timeout=600, resources={"metadata": {"path": str(NOTEBOOKS)}}
            ).execute()
            for cell in notebook.cells:
                if cell.cell_type != "code":
                    continue
                cell.metadata.pop("execution", None)
                if IGNORED in cell.metadata.get("tags", []):
                    cell.outputs = []
                    cell.execution_count = None
            notebook.metadata.pop("widgets", None)
            nbformat.write(notebook, path)
            print(f"opdateret: {path.name}")


if __name__ == "__main__":
    main()
