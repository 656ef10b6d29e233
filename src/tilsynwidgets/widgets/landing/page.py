"""The landing page: the apps, in Danish, with whom each is for."""

from __future__ import annotations

import ipywidgets as widgets

from tilsynwidgets.app_index import AppIndex, app_index
from tilsynwidgets.domain.access.person import Person
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.widgets.common.refusal import notice_html

__all__ = ["landing_html", "landing_page"]


def landing_html(
    index: AppIndex,
    store_problem: str | None = None,
    person: Person | None = None,
    logout_url: str | None = None,
) -> str:
    """The apps ``person`` may open (every app without a person); above them who is
    signed in (with a link to sign out at ``logout_url``) and, when the store cannot be used
    yet, what to do about it."""
    shown = [app for app in index.apps if person is None or person.may_open(app.notebook)]
    logout = (
        f' · <a href="{escape(logout_url)}" style="color:#0b5cad">Log ud</a>' if logout_url else ""
    )
    who = (
        f"<p>Logget ind som <b>{escape(person.name)}</b> "
        f"<small>({escape(person.role_text)})</small>{logout}</p>"
        if person is not None and person.signed_in
        else ""
    )
    items = "".join(
        f'<li style="margin-bottom:1em"><a href="{escape(app.notebook)}" '
        f'style="font-size:1.3em;color:#0b5cad;text-decoration:underline">'
        f"{escape(app.title)}</a>"
        f"<br><em>{escape(app.audience)}</em><br>{escape(app.description)}</li>"
        for app in shown
    )
    notice = notice_html("Lageret kan ikke bruges endnu", store_problem) if store_problem else ""
    if person is not None and not shown:
        notice += notice_html(
            "Ingen apps til dig endnu",
            "Din bruger har ingen rolle i apps'ene. Bed den, der administrerer JupyterHub, om "
            "at give dig en rolle (en gruppe som tilsynsfoerende-syd eller leder-nord).",
        )
    return (
        f"<h1>{escape(index.title)}</h1>{who}{notice}<p>{escape(index.intro)}</p>"
        f'<ul style="list-style:none;padding-left:0">{items}</ul>'
    )


def landing_page(
    store_problem: str | None = None,
    person: Person | None = None,
    logout_url: str | None = None,
) -> widgets.HTML:
    return widgets.HTML(landing_html(app_index(), store_problem, person, logout_url))
