"""The landing page: the apps, in Danish, with whom each is for."""

from __future__ import annotations

import ipywidgets as widgets

from tilsynwidgets.app_index import AppIndex, app_index
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.widgets.common.refusal import notice_html

__all__ = ["landing_html", "landing_page"]


def landing_html(index: AppIndex, store_problem: str | None = None) -> str:
    """The apps; above them, when the store cannot be used yet, what to do about it."""
    items = "".join(
        f'<li style="margin-bottom:1em"><a href="{escape(app.notebook)}" '
        f'style="font-size:1.3em;color:#0b5cad;text-decoration:underline">'
        f"{escape(app.title)}</a>"
        f"<br><em>{escape(app.audience)}</em><br>{escape(app.description)}</li>"
        for app in index.apps
    )
    notice = notice_html("Lageret kan ikke bruges endnu", store_problem) if store_problem else ""
    return (
        f"<h1>{escape(index.title)}</h1>{notice}<p>{escape(index.intro)}</p>"
        f'<ul style="list-style:none;padding-left:0">{items}</ul>'
    )


def landing_page(store_problem: str | None = None) -> widgets.HTML:
    return widgets.HTML(landing_html(app_index(), store_problem))
