"""The landing page: the apps, in Danish, with whom each is for."""

from __future__ import annotations

import ipywidgets as widgets

from tilsynwidgets.app_index import AppIndex, app_index
from tilsynwidgets.widgets.html import escape

__all__ = ["landing_html", "landing_page"]


def landing_html(index: AppIndex) -> str:
    items = "".join(
        f'<li style="margin-bottom:1em"><a href="{escape(app.notebook)}" '
        f'style="font-size:1.3em;color:#0b5cad;text-decoration:underline">'
        f"{escape(app.title)}</a>"
        f"<br><em>{escape(app.audience)}</em><br>{escape(app.description)}</li>"
        for app in index.apps
    )
    return (
        f"<h1>{escape(index.title)}</h1><p>{escape(index.intro)}</p>"
        f'<ul style="list-style:none;padding-left:0">{items}</ul>'
    )


def landing_page() -> widgets.HTML:
    return widgets.HTML(landing_html(app_index()))
