"""Benchmark: building a 32-field form with ModelForm versus the same widgets by hand.

Both variants build, in the same run, the same widget types with a title, a help line and
an error line per field, one observer per input widget and one initial validation; the
median of ``--repeat`` builds is printed with the ratio (target: ModelForm ≤ 2× by hand).
Forms for ``RiskAssessment`` and ``IntensityPlan`` are timed too.

    python benchmarks/form_build.py [--repeat 30]

The model needs only pydantic, so the same file measures form libraries in a throw-away
virtualenv that has them instead of this package (see docs/decisions.md):

    ../formlibs-a/bin/python benchmarks/form_build.py --library ipyautoui
    ../formlibs-j/bin/python benchmarks/form_build.py --library ipywidgets-jsonschema
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from enum import Enum, StrEnum
from typing import Any

from pydantic import BaseModel, Field


class Colour(StrEnum):
    GROEN = "groen"
    GUL = "gul"
    ROED = "roed"


class Level(StrEnum):
    LAV = "lav"
    MIDDEL = "middel"
    HOEJ = "hoej"


class Region(StrEnum):
    HOVEDSTADEN = "hovedstaden"
    SJAELLAND = "sjaelland"
    SYDDANMARK = "syddanmark"
    MIDTJYLLAND = "midtjylland"
    NORDJYLLAND = "nordjylland"


class Source(StrEnum):
    MEDARBEJDERE = "medarbejdere"
    BORGERE = "borgere"
    PAAROERENDE = "paaroerende"
    LEDELSE = "ledelse"
    KOMMUNER = "kommuner"
    ANDRE = "andre"


class Contact(BaseModel):
    """The one nested model: a titled sub-section with two fields."""

    name: str = Field(default="", max_length=80, title="Navn", description="Kontaktpersonens navn.")
    phone: str = Field(default="", max_length=20, title="Telefon")


def _text(title: str, help_text: str = "", max_length: int = 120) -> Any:
    return Field(default="", max_length=max_length, title=title, description=help_text or None)


class Benchmark32(BaseModel):
    """32 fields: 7 text, 5 int, 4 float, 4 bool, 3 date, 5 enum, 3 multi-enum, 1 nested."""

    name: str = _text("Navn", "Enhedens navn.")
    team: str = _text("Team")
    leader: str = _text("Leder", "Nuværende leder.")
    address: str = _text("Adresse")
    municipality: str = _text("Kommune")
    note: str = _text("Note", "Kort bemærkning.", 200)
    justification: str = _text("Begrundelse", "Faglig begrundelse.", 5000)
    capacity: int = Field(default=0, ge=0, le=1000, title="Kapacitet", description="Pladser.")
    residents: int = Field(default=0, ge=0, title="Beboere")
    staff: int = Field(default=0, ge=0, title="Medarbejdere")
    visits: int = Field(default=0, ge=0, le=24, title="Besøg om året")
    complaints: int = Field(default=0, ge=0, title="Klager")
    turnover: float = Field(default=0.0, ge=0, le=100, title="Personaleomsætning (%)")
    sickness: float = Field(default=0.0, ge=0, le=100, title="Sygefravær (%)")
    hours: float = Field(default=0.0, ge=0, title="Timer pr. besøg", description="Varighed.")
    budget: float = Field(default=0.0, title="Budget (mio. kr.)")
    whistleblower: bool = Field(default=False, title="Whistleblowerhenvendelse")
    force: bool = Field(default=False, title="Magtanvendelser")
    new_leader: bool = Field(default=False, title="Ny leder")
    order: bool = Field(default=False, title="Påbud", description="Et påbud er i kraft.")
    approved: date | None = Field(default=None, title="Godkendt")
    last_visit: date | None = Field(default=None, title="Seneste besøg")
    next_visit: date | None = Field(default=None, title="Næste besøg")
    colour: Colour = Field(default=Colour.GROEN, title="Risikokategori")
    level: Level = Field(default=Level.LAV, title="Niveau")
    region: Region = Field(default=Region.HOVEDSTADEN, title="Region")
    previous: Colour | None = Field(default=None, title="Tidligere kategori")
    dialogue: Level = Field(default=Level.LAV, title="Dialog")
    sources: tuple[Source, ...] = Field(default=(), title="Datakilder")
    regions: tuple[Region, ...] = Field(default=(), title="Regioner")
    levels: tuple[Level, ...] = Field(default=(), title="Niveauer")
    contact: Contact = Field(default_factory=Contact, title="Kontaktperson")


def label(member: Enum) -> str:
    """Labels for the benchmark's own enums (the package's labels do not know them)."""
    return member.name.capitalize()


# -- hand-written: the same widgets, one observer each, one validation ------------------


def build_by_hand(model: type[BaseModel] = Benchmark32) -> Any:
    """What a careful engineer would write for this one model, without the form layer."""
    import ipywidgets as w

    draft: dict[str, Any] = {}

    def setter(target: dict[str, Any], name: str) -> Callable[[dict[str, Any]], None]:
        def on_value(change: dict[str, Any]) -> None:
            target[name] = change["new"]

        return on_value

    def field(title: str, help_text: str, control: Any) -> Any:
        parts = [w.HTML(f"<b>{title}</b>"), control]
        if help_text:
            parts.append(w.HTML(f'<div style="color:#5F6368">{help_text}</div>'))
        parts.append(w.HTML(layout=w.Layout(display="none")))
        return w.VBox(parts, layout=w.Layout(margin="0 0 8px 0"))

    def choices(enum: type[Enum]) -> list[tuple[str, str]]:
        return [(label(m), str(m.value)) for m in enum]

    def build(fields: dict[str, Any], target: dict[str, Any]) -> list[Any]:
        boxes = []
        for name, info in fields.items():
            title, help_text = info.title or name, info.description or ""
            default = info.get_default(call_default_factory=True)
            annotation = str(info.annotation)
            if name == "contact":
                target[name] = {}
                inner = build(Contact.model_fields, target[name])
                heading = w.HTML(f"<b>{title}</b>")
                error = w.HTML(layout=w.Layout(display="none"))
                boxes.append(w.VBox([heading, error, *inner], layout=w.Layout(padding="0 12px")))
                continue
            if "tuple" in annotation:
                enum = {"sources": Source, "regions": Region, "levels": Level}[name]
                checks = []
                for option, value in choices(enum):
                    check = w.Checkbox(
                        value=False,
                        description=option,
                        indent=False,
                        layout=w.Layout(width="auto", margin="0 16px 0 0"),
                    )
                    check.observe(setter(target, f"{name}.{value}"), names=["value"])
                    checks.append(check)
                control = w.HBox(checks, layout=w.Layout(flex_flow="row wrap"))
                target[name] = []
                boxes.append(field(title, help_text, control))
                continue
            if isinstance(default, bool):
                control = w.Checkbox(value=default, description=title, indent=False)
            elif isinstance(default, Enum) or name == "previous":
                enum = Colour if name == "previous" else type(default)
                options = choices(enum)
                value = str(default.value) if isinstance(default, Enum) else ""
                if name == "previous":
                    options.insert(0, ("— vælg —", ""))
                if len(enum) <= 4:
                    control = w.ToggleButtons(
                        options=options, value=value, style={"button_width": "auto"}
                    )
                else:
                    control = w.Dropdown(options=options, value=value)
            elif isinstance(default, int):
                control = w.IntText(value=default)
            elif isinstance(default, float):
                control = w.FloatText(value=default)
            elif "date" in annotation:
                control = w.DatePicker(value=default)
            elif name == "justification":
                control = w.Textarea(
                    value=default, rows=4, layout=w.Layout(width="40em", max_width="100%")
                )
            else:
                control = w.Text(value=default, layout=w.Layout(width="28em", max_width="100%"))
            control.observe(setter(target, name), names=["value"])
            target[name] = default.value if isinstance(default, Enum) else default
            boxes.append(field(title, help_text, control))
        return boxes

    boxes = build(model.model_fields, draft)
    model.model_validate({name: draft[name] for name in model.model_fields})
    footer = w.HBox([w.Button(description="Gem", button_style="primary"), w.HTML()])
    return w.VBox([*boxes, w.HTML(layout=w.Layout(display="none")), footer])


# -- timing ------------------------------------------------------------------------------


def median_times(
    builds: dict[str, Callable[[], Any]], close: Callable[[Any], None], repeat: int
) -> dict[str, float]:
    """Median build time of each variant, interleaved round by round.

    Each form is closed and the garbage collected (both untimed) before the next build:
    closed widgets leave reference cycles, and a collection landing in one variant's
    build would otherwise decide the comparison.
    """
    for build in builds.values():
        close(build())  # warm-up: imports and caches
    times: dict[str, list[float]] = {name: [] for name in builds}
    for _ in range(repeat):
        for name, build in builds.items():
            gc.collect()
            start = time.perf_counter()
            form = build()
            times[name].append(time.perf_counter() - start)
            close(form)
    return {name: statistics.median(values) for name, values in times.items()}


def import_time(module: str, runs: int = 5) -> float:
    """Median time to import ``module`` in a fresh interpreter."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(times)


def main_package(repeat: int) -> None:
    from datetime import UTC, datetime

    from tilsynwidgets.domain.core.categories import RiskCategory
    from tilsynwidgets.domain.intensity.plans import IntensityPlan, template_for
    from tilsynwidgets.domain.risk.assessment import RiskAssessment
    from tilsynwidgets.forms import ModelForm
    from tilsynwidgets.forms._fields import close_tree

    def close(form: Any) -> None:
        form.close() if isinstance(form, ModelForm) else close_tree(form)

    fixed = {
        "unit_id": "T-0001",
        "assessor": "Tilsynsførende",
        "assessed_at": datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
        "suggested": RiskCategory.GUL,
    }
    times = median_times(
        {
            "hand": build_by_hand,
            "ours": lambda: ModelForm(Benchmark32, labeller=label),
            "assessment": lambda: ModelForm(
                RiskAssessment, fixed=fixed, exclude=("reasons", "catalogue_version")
            ),
            "plan": lambda: ModelForm(IntensityPlan, initial=template_for(RiskCategory.GUL)),
        },
        close,
        repeat,
    )
    hand, ours, assessment, plan = (times[k] for k in ("hand", "ours", "assessment", "plan"))
    print(f"32 felter, median af {repeat} opbygninger (Python {sys.version.split()[0]}):")
    print(f"  håndskrevne ipywidgets: {hand * 1000:7.1f} ms")
    print(f"  ModelForm:              {ours * 1000:7.1f} ms   ({ours / hand:.2f}× håndskrevet)")
    print(f"  ModelForm(RiskAssessment): {assessment * 1000:6.1f} ms")
    print(f"  ModelForm(IntensityPlan):  {plan * 1000:6.1f} ms")
    print(
        f"  import tilsynwidgets.forms: {import_time('tilsynwidgets.forms') * 1000:6.0f} ms "
        f"(ipywidgets alene: {import_time('ipywidgets') * 1000:.0f} ms; median af 5)"
    )


def main_library(library: str, repeat: int) -> None:
    """Build the same model with a form library (run in the library's own virtualenv)."""
    if library == "ipyautoui":
        module = "ipyautoui"

        def build() -> Any:
            from ipyautoui import AutoUi

            return AutoUi(Benchmark32)
    else:
        module = "ipywidgets_jsonschema"

        def build() -> Any:
            from ipywidgets_jsonschema import Form

            return Form(Benchmark32.model_json_schema()).widget

    def close(form: Any) -> None:
        if hasattr(form, "close"):
            form.close()

    built = median_times({library: build}, close, repeat)[library]
    print(
        f"{library}: import {import_time(module) * 1000:.0f} ms (median af 5), "
        f"byg 32 felter {built * 1000:.1f} ms (median af {repeat})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--library", choices=["ipyautoui", "ipywidgets-jsonschema"])
    args = parser.parse_args()
    if args.library:
        main_library(args.library, args.repeat)
    else:
        main_package(args.repeat)


if __name__ == "__main__":
    main()
