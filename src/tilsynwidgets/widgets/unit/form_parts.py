"""Parts of a :class:`~tilsynwidgets.forms.ModelForm` a panel shows, hides or retitles by
what the draft holds (the deviation question, the values of a kind of information)."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from tilsynwidgets.forms import ModelForm

__all__ = ["field_box"]


def field_box(form: ModelForm[Any], path: str) -> widgets.Box | None:
    """The box that holds a shown field's title, control, help and error line."""
    control = form.control(path)
    for child in form.children:
        if isinstance(child, widgets.Box) and control in child.children:
            return child
    return None
