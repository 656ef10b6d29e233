"""An app that cannot open shows a Danish notice, escaped, in place of a traceback."""

from __future__ import annotations

import subprocess
import sys

from tilsynwidgets.widgets.common.refusal import refusal_html

KERNEL_LIKE = """
from IPython.testing.globalipapp import start_ipython
shell = start_ipython()
shell.display_pub.publish = lambda data, **_: print("VIST:", data["text/html"])
from tilsynwidgets.store.migrate import SchemaMismatchError
from tilsynwidgets.widgets.common.refusal import install
assert install()
result = shell.run_cell(
    "from tilsynwidgets.store.migrate import SchemaMismatchError\\n"
    "raise SchemaMismatchError(\\"Kør 'tilsynwidgets opgrader' <nu>.\\")"
)
print("FEJL:", type(result.error_in_exec).__name__)
"""


def test_the_notice_escapes_the_message() -> None:
    html = refusal_html("Lageret <script>alert(1)</script> & mere")
    assert "Appen kan ikke åbnes" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mere" in html
    assert "<script>" not in html


def test_a_refused_store_shows_the_notice_and_stops_the_notebook() -> None:
    done = subprocess.run(
        [sys.executable, "-c", KERNEL_LIKE], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "VIST:" in done.stdout
    assert "Kør &#x27;tilsynwidgets opgrader&#x27; &lt;nu&gt;." in done.stdout
    assert "FEJL: SchemaMismatchError" in done.stdout  # the cell failed: nothing after it runs
    assert "Traceback" not in done.stdout + done.stderr
