"""Voilà's own texts are Danish: what a person sees while an app loads and its cells run,
where a cell failed, and where a widget cannot be drawn (the tilsyn template's
spinner.macro.html.j2, static/danish_texts.js and the error blocks of index.html.j2).

Every text the page shows is recorded from the first byte on: after each change to the page and
every 10 ms, each time between two tasks, where the browser may paint - so a text the page's
own mutation observers rewrite at once (danish_texts.js) is recorded as rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pytest
from playwright.sync_api import Browser, Page, expect
from tests.browser.conftest import PAGE_TIMEOUT_MS, running_voila

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

pytestmark = pytest.mark.browser

# Records document.body.innerText and the tooltips of the loading screen into
# window.__tilsynTexts. A change is sampled in a task of its own (setTimeout), after all
# microtasks - the page's mutation observers among them - have run.
RECORDER = """
(() => {
  const seen = [];
  let pending = false;
  window.__tilsynTexts = seen;
  const sample = () => {
    pending = false;
    if (!document.body) {
      return;
    }
    const tips = Array.from(document.querySelectorAll("#loading [title], #loading title"))
      .map((element) => element.getAttribute("title") || element.textContent);
    const text = [document.body.innerText, ...tips].join("\\n").trim();
    if (text && seen[seen.length - 1] !== text) {
      seen.push(text);
    }
  };
  const sampleSoon = () => {
    if (!pending) {
      pending = true;
      setTimeout(sample, 0);
    }
  };
  new MutationObserver(sampleSoon).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
  setInterval(sample, 10);
})();
"""

ENGLISH = re.compile(
    r"\b(running|executing|reading|loading|starting|kernel|widget|error|please|spin|voilà)\b"
    r"|\d+ of \d+",
    re.IGNORECASE,
)

LOADING = "Appen indlæses …"
WIDGET_FAILED = "Denne del af appen kan ikke vises. Genindlæs siden for at prøve igen."
CELL_FAILED = (
    "Appen kunne ikke vises helt. Der opstod en fejl, mens appen blev gjort klar, så en del "
    "af den mangler. Genindlæs siden for at prøve igen. Sker det igen, så sig det til den, "
    "der står for appen."
)


def _notebook(*cells: str) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata.kernelspec = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    return notebook


NOTEBOOKS = {
    # Four steps, slow enough to see each, the third a widget.
    "Langsom.ipynb": _notebook(
        "import time\ntime.sleep(1)",
        "time.sleep(1)",
        "import ipywidgets\nipywidgets.Label('Klar til brug')",
        "time.sleep(1)",
    ),
    "Fejl.ipynb": _notebook(
        "import time\ntime.sleep(0.5)",
        "raise ValueError('kunne ikke')",
        "print('kom videre')",
    ),
    # A widget view whose model does not exist, and JavaScript that throws.
    "Widgetfejl.ipynb": _notebook(
        "from IPython.display import Javascript, display\n"
        "display({'application/vnd.jupyter.widget-view+json': "
        "{'model_id': 'findes-ikke', 'version_major': 2, 'version_minor': 0}}, raw=True)",
        "display(Javascript(\"throw new Error('kunne ikke')\"))",
    ),
}


@pytest.fixture(scope="module")
def texts_server(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    folder = tmp_path_factory.mktemp("voila-texts")
    for name, notebook in NOTEBOOKS.items():
        nbformat.write(notebook, folder / name)
    with running_voila(folder, folder / "voila.log") as server:
        yield server


def _record(page: Page) -> None:
    page.add_init_script(RECORDER)


def _recorded(page: Page) -> list[str]:
    return [str(text) for text in page.evaluate("window.__tilsynTexts")]


def _english(texts: list[str]) -> list[str]:
    return [text for text in texts if ENGLISH.search(text)]


def test_the_loading_screen_counts_the_steps_in_danish(
    page: Page, texts_server: VoilaServer
) -> None:
    _record(page)
    page.goto(texts_server.url("Langsom.ipynb"))
    expect(page.get_by_text("Klar til brug")).to_be_visible()

    texts = _recorded(page)
    assert _english(texts) == []
    assert texts[0] == LOADING
    steps = [text for text in texts if text.startswith("Appen gøres klar")]
    assert steps == [f"Appen gøres klar: trin {step} af 4" for step in range(1, 5)]


def test_a_cell_that_fails_is_explained_in_danish(page: Page, texts_server: VoilaServer) -> None:
    _record(page)
    page.goto(texts_server.url("Fejl.ipynb"))
    notice = page.get_by_role("alert")
    expect(notice).to_have_text(CELL_FAILED + " Genindlæs siden")
    expect(notice.get_by_role("link", name="Genindlæs siden")).to_be_visible()
    # The notice is in the HTML; let the front end finish loading before the page is left.
    page.wait_for_load_state("networkidle")

    texts = _recorded(page)
    assert _english(texts) == []
    assert "kom videre" not in texts[-1]


def test_widgets_that_cannot_be_drawn_say_so_in_danish(
    browser: Browser, texts_server: VoilaServer
) -> None:
    # Not the `page` fixture: the widget manager logs the missing model as a console error.
    context = browser.new_context(locale="da-DK")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        page = context.new_page()
        _record(page)
        page.goto(texts_server.url("Widgetfejl.ipynb"))
        expect(page.get_by_text(WIDGET_FAILED)).to_have_count(2)

        assert _english(_recorded(page)) == []
    finally:
        context.close()


@pytest.mark.parametrize(
    ("notebook", "ready"),
    [("Forside.ipynb", "Porteføljeoverblik"), ("Portefoelje.ipynb", "Valgte risikokategorier")],
)
def test_the_apps_load_in_danish(
    page: Page, voila_server: VoilaServer, notebook: str, ready: str
) -> None:
    _record(page)
    page.goto(voila_server.url(notebook))
    expect(page.get_by_text(ready, exact=True).first).to_be_visible()

    texts = _recorded(page)
    assert _english(texts) == []
    assert texts[0] == LOADING
    assert any(re.fullmatch(r"Appen gøres klar: trin 1 af \d+", text) for text in texts)
