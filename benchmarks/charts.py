"""Benchmark: hand-made SVG charts against plotting libraries (issue 12, docs/decisions.md
"Grafer").

For the hand-made SVG (presentation/radar.py, line_chart.py, quarter_chart.py) and for each
candidate library that is importable, measures in the same run:

* import time in a fresh Python process (median of ``--imports`` processes), as a Voilà
  kernel pays it once per page;
* render time (median of ``--rounds``) of the quality radar (7 themes) and of a 4-series,
  12-point line chart: for Altair both the Vega-Lite spec the browser would draw
  (``to_dict``) and, with vl-convert, the SVG a printed report needs; for matplotlib the SVG;
* output size in bytes of what is sent to the page (SVG or JSON).

Each figure is printed with its ratio to the hand-made SVG baseline. A candidate that is not
importable is skipped with a line saying so, so this runs with only ``.venv`` installed. To
measure the libraries without adding them to ``.venv``, install them into a throwaway venv
and point ``--extra-site`` at its site-packages (appended to ``sys.path``, so the project's
own pandas and numpy still win):

    python3.11 -m venv .chartbench-venv
    .chartbench-venv/bin/pip install altair vl-convert-python matplotlib
    .venv/bin/python benchmarks/charts.py \\
        --extra-site .chartbench-venv/lib/python3.11/site-packages
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.quality.model import quality_model

THEMES = [f"{t.number}. {t.title}" for t in quality_model(UnitKind.PLEJEFAMILIE).themes]
SCORES = [3.5, 4.0, 2.2, 5.0, 1.0, 3.0, 4.4]
X = [float(i) for i in range(1, 13)]
SERIES = {
    name: [float((i * (k + 3)) % 17 + k) for i in range(12)]
    for k, name in enumerate(["Rød", "Gul", "Grøn", "Ingen vurdering"])
}
COLOURS = ["#c62828", "#f9a825", "#2e7d32", "#757575"]

HAND_MADE_IMPORT = (
    "import tilsynwidgets.presentation.radar, tilsynwidgets.presentation.line_chart, "
    "tilsynwidgets.presentation.quarter_chart"
)
# What every app's kernel has imported before it draws a chart: not counted for anyone.
ALREADY_IMPORTED = "import pandas, ipywidgets, tilsynwidgets.presentation.tables"


def _fresh_import(statement: str, extra_site: str | None, times: int) -> float | None:
    """Median seconds to run ``statement`` in a fresh interpreter that has already imported
    what the apps import anyway; None when it fails."""
    prelude = f"import sys; sys.path.append({extra_site!r}); " if extra_site else "import sys; "
    code = (
        f"{prelude}{ALREADY_IMPORTED}; import time; t = time.perf_counter(); {statement}; "
        "print(time.perf_counter() - t)"
    )
    found = []
    for _ in range(times):
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        if run.returncode:
            return None
        found.append(float(run.stdout.strip().splitlines()[-1]))
    return statistics.median(found)


def _timed(make: Callable[[], Any], rounds: int) -> tuple[float, Any]:
    make()  # warm-up: caches, first-call setup
    found, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = make()
        found.append(time.perf_counter() - start)
    return statistics.median(found), result


def _size(output: Any) -> int:
    if isinstance(output, bytes):
        return len(output)
    if isinstance(output, str):
        return len(output.encode("utf-8"))
    return len(json.dumps(output, ensure_ascii=False).encode("utf-8"))


def _hand_made() -> dict[str, Callable[[], Any]]:
    from tilsynwidgets.presentation.line_chart import Series, line_chart_svg
    from tilsynwidgets.presentation.radar import radar_svg

    series = [Series(n, v, c) for (n, v), c in zip(SERIES.items(), COLOURS, strict=True)]
    return {
        "radar": lambda: radar_svg(THEMES, SCORES),
        "line": lambda: line_chart_svg(X, series, x_label="Tærskel", y_label="Enheder"),
    }


def _altair() -> dict[str, Callable[[], Any]]:
    import altair as alt
    import pandas as pd

    long = pd.DataFrame(
        [
            {"x": x, "serie": name, "y": y}
            for name, values in SERIES.items()
            for x, y in zip(X, values, strict=True)
        ]
    )
    radar = pd.DataFrame({"tema": THEMES, "score": SCORES})

    def line() -> alt.Chart:
        return (
            alt.Chart(long)
            .mark_line(point=True)
            .encode(
                x=alt.X("x:Q", title="Tærskel"),
                y=alt.Y("y:Q", title="Enheder"),
                color=alt.Color("serie:N", scale=alt.Scale(range=COLOURS)),
                strokeDash="serie:N",
                shape="serie:N",
            )
        )

    def spider() -> alt.LayerChart:
        # Vega-Lite has no radar mark: the usual recipe is an arc (theta/radius) layer.
        base = alt.Chart(radar).encode(
            theta=alt.Theta("tema:N"), radius=alt.Radius("score:Q", scale=alt.Scale(domain=[0, 5]))
        )
        return base.mark_arc(opacity=0.4) + base.mark_text(radiusOffset=20).encode(text="tema:N")

    makers: dict[str, Callable[[], Any]] = {
        "radar": lambda: spider().to_dict(),
        "line": lambda: line().to_dict(),
    }
    try:
        import vl_convert as vlc
    except ImportError:
        print("  vl-convert is not importable: no SVG for print measured for Altair")
        return makers
    makers["radar (SVG for print)"] = lambda: vlc.vegalite_to_svg(spider().to_dict())
    makers["line (SVG for print)"] = lambda: vlc.vegalite_to_svg(line().to_dict())
    return makers


def _matplotlib() -> dict[str, Callable[[], Any]]:
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt
    import numpy as np

    def svg(figure: Any) -> str:
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg")
        plt.close(figure)
        return buffer.getvalue()

    def radar() -> str:
        angles = np.linspace(0, 2 * np.pi, len(THEMES), endpoint=False)
        figure, axes = plt.subplots(figsize=(5, 5), subplot_kw={"polar": True})
        axes.plot([*angles, angles[0]], [*SCORES, SCORES[0]], marker="o")
        axes.set_xticks(angles, THEMES)
        axes.set_ylim(0, 5)
        return svg(figure)

    def line() -> str:
        figure, axes = plt.subplots(figsize=(6.4, 3))
        for (name, values), colour, style in zip(
            SERIES.items(), COLOURS, ["-", "--", ":", "-."], strict=True
        ):
            axes.plot(X, values, style, color=colour, marker="o", label=name)
        axes.legend()
        return svg(figure)

    return {"radar": radar, "line": line}


CANDIDATES: dict[str, tuple[str, Callable[[], dict[str, Callable[[], Any]]]]] = {
    "altair": ("import altair", _altair),
    "matplotlib": ("import matplotlib.pyplot", _matplotlib),
    "plotly": ("import plotly.graph_objects", lambda: {}),
}


def _ratio(value: float, base: float | None) -> str:
    return f"{value / base:8.1f}×" if base else "        –"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--imports", type=int, default=5, help="fresh processes per import")
    parser.add_argument("--extra-site", help="site-packages of a throwaway venv with candidates")
    args = parser.parse_args()
    if args.extra_site:
        sys.path.append(args.extra_site)

    base_import = _fresh_import(HAND_MADE_IMPORT, None, args.imports)
    print(f"{'':28}{'seconds / bytes':>18}{'× hand-made':>12}")
    print(f"hand-made SVG: import       {base_import or float('nan'):18.3f}{_ratio(1, 1)}")
    baseline: dict[str, tuple[float, int]] = {}
    for name, make in _hand_made().items():
        seconds, output = _timed(make, args.rounds)
        baseline[name] = (seconds, _size(output))
        print(f"  {name:26}{seconds * 1000:15.2f} ms{_ratio(1, 1)}")
        print(f"  {name + ' size':26}{_size(output):15d} B {_ratio(1, 1)}")

    for candidate, (statement, makers) in CANDIDATES.items():
        seconds = _fresh_import(statement, args.extra_site, args.imports)
        if seconds is None:
            print(f"{candidate}: not importable here, skipped")
            continue
        print(f"{candidate}: import{'':15}{seconds:18.3f}{_ratio(seconds, base_import)}")
        for name, make in makers().items():
            kind = name.split()[0]
            base_seconds, base_size = baseline[kind]
            took, output = _timed(make, args.rounds)
            size = _size(output)
            print(f"  {name:26}{took * 1000:15.2f} ms{_ratio(took, base_seconds)}")
            print(f"  {name + ' size':26}{size:15d} B {_ratio(size, base_size)}")


if __name__ == "__main__":
    main()
