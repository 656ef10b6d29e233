"""Forms built from the domain's pydantic models (issue 3).

One draft per form is the source of truth; widgets are built once and mirror it; the
model validates ``{**fixed, **draft}`` and its errors are shown in Danish under each field.

>>> form = ModelForm(RiskAssessment, fixed={"unit_id": "T-1", ...})  # doctest: +SKIP
>>> form.on_change(autosave)  # doctest: +SKIP
>>> assessment = form.submit()  # doctest: +SKIP
"""

from __future__ import annotations

from tilsynwidgets.forms._errors import FormInvalid, Problem, error_html, help_html
from tilsynwidgets.forms._fields import EMPTY_CHOICE
from tilsynwidgets.forms._form import ExtraCheck, ModelForm
from tilsynwidgets.forms._schema import (
    FieldSpec,
    UnsupportedFieldError,
    WidgetKind,
    describe_fields,
)
from tilsynwidgets.forms._status import blocked_text
from tilsynwidgets.forms._text import CleanText, CleanTextarea

__all__ = [
    "EMPTY_CHOICE",
    "CleanText",
    "CleanTextarea",
    "ExtraCheck",
    "FieldSpec",
    "FormInvalid",
    "ModelForm",
    "Problem",
    "UnsupportedFieldError",
    "WidgetKind",
    "blocked_text",
    "describe_fields",
    "error_html",
    "help_html",
]
