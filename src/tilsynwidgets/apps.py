"""The friendly layer for notebooks: one call builds one app from the configured store.

from tilsynwidgets import apps
apps.portfolio_overview()
"""

from __future__ import annotations

import os
from datetime import date
from typing import TypeVar

import pandas as pd

from tilsynwidgets.app_index import app_index
from tilsynwidgets.app_links import linked_unit
from tilsynwidgets.assessor import current_assessor, current_person
from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.access.person import Person
from tilsynwidgets.domain.access.refusals import app_refusal
from tilsynwidgets.domain.access.roles import Permission
from tilsynwidgets.domain.information.queue import suggestions_of
from tilsynwidgets.domain.intensity.rulesets import ruleset
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData
from tilsynwidgets.domain.portfolio.overview import OverviewData
from tilsynwidgets.exports.pseudonyms import load_or_create_key
from tilsynwidgets.memory import release_freed_memory
from tilsynwidgets.store.guarded import GuardedStore
from tilsynwidgets.store.migrate import SchemaMismatchError
from tilsynwidgets.store.provenance import read_provenance
from tilsynwidgets.store.store import Store
from tilsynwidgets.store.training import TrainingStore
from tilsynwidgets.widgets.common.refusal import install as _install_refusal
from tilsynwidgets.widgets.inspector.app import InspectorApp
from tilsynwidgets.widgets.landing.page import landing_page
from tilsynwidgets.widgets.leadership.app import LeadershipApp
from tilsynwidgets.widgets.overview.app import PortfolioOverview, units_by_kind
from tilsynwidgets.widgets.training.facilitator import FacilitatorApp
from tilsynwidgets.widgets.training.participant import ParticipantApp
from tilsynwidgets.widgets.workshop.app import WorkshopApp

__all__ = [
    "FacilitatorApp",
    "InspectorApp",
    "LeadershipApp",
    "ParticipantApp",
    "PortfolioOverview",
    "WorkshopApp",
    "criteria_workshop",
    "data_status",
    "inspector",
    "landing",
    "leadership",
    "leadership_data",
    "overview_data",
    "portfolio_overview",
    "signed_in",
    "store_problem",
    "training_facilitator",
    "training_participant",
]

A = TypeVar("A")

# In a notebook, a store or configuration that cannot be used is shown as a Danish notice.
_install_refusal()


def signed_in() -> Person:
    """Who is working: the person JupyterHub signed in, with their roles (see
    :func:`tilsynwidgets.assessor.current_person`)."""
    return current_person(configured=load_settings().assessor)


def _title(notebook: str) -> str:
    index = app_index()
    return next((app.title for app in index.apps if app.notebook == notebook), index.title)


def _settled(app: A) -> A:
    """``app``, once the memory its building used and freed is back with the system (each
    page's kernel holds one app for as long as the page is open)."""
    release_freed_memory()
    return app


def _open_as(person: Person, notebook: str, store: Store | None) -> GuardedStore:
    """The store as ``person`` may use it in ``notebook``; refused (Danish, shown in place
    of the app) when their roles do not open that app. Checked in the kernel, each time."""
    if not person.may_open(notebook):
        raise app_refusal(person, _title(notebook))
    settings = load_settings()
    inner = store or Store.open(settings.database_url)
    inner.check_schema()
    return GuardedStore(inner, person, load_or_create_key(settings.data_dir))


def landing(store: Store | None = None) -> object:
    """The landing page listing the apps the signed-in person may open, headed by what to
    do if the store cannot be used."""
    person = signed_in()
    return landing_page(store_problem(store), person, hub_logout_url())


def hub_logout_url() -> str | None:
    """Where to sign out when the apps run behind JupyterHub (the hub tells its service, and
    so the kernels, its base URL); ``None`` for local use without sign-in."""
    base = os.environ.get("JUPYTERHUB_BASE_URL")
    return f"{base.rstrip('/')}/hub/logout" if base else None


def store_problem(store: Store | None = None) -> str | None:
    """Why the store cannot be used by this release (Danish), or ``None`` when it can."""
    owned = store is None
    store = store or Store.open(load_settings().database_url)
    try:
        store.check_schema()
    except SchemaMismatchError as exc:
        return str(exc)
    finally:
        if owned:
            store.close()
    return None


def overview_data(store: Store | None = None, as_of: date | None = None) -> OverviewData:
    """The figures behind the overview, from ``store`` (default: the configured one), with
    the plans and support the drill-down reads as the leadership review's does."""
    settings = load_settings()
    owned = store is None
    store = store or Store.open(settings.database_url)
    try:
        store.check_schema()
        day = as_of or settings.working_day()
        return OverviewData(
            units=store.units_frame(day),
            assessments=store.assessments_frame(),
            catalogue=store.catalogue_in_force(),
            rules=ruleset(settings.ruleset),
            as_of=day,
            provenance=read_provenance(store),
            plans=store.plans_frame(),
            plan_visits=store.plan_visits_frame(),
            changes=store.checklist_changes_frame(),
        )
    finally:
        if owned:
            store.close()


def portfolio_overview(store: Store | None = None, as_of: date | None = None) -> PortfolioOverview:
    """Porteføljeoverblik over the configured store (kept open while the app lives: its
    drill-down reads a unit's history and logs exports), as the signed-in person may see it."""
    settings = load_settings()
    guarded = _open_as(signed_in(), "Portefoelje.ipynb", store)
    author = current_assessor(configured=settings.assessor)
    return _settled(PortfolioOverview(overview_data(guarded, as_of), guarded, author))


def data_status(store: Store | None = None) -> str:
    """One Danish line on what the store holds, for the landing page (which shows what to
    do about a store that cannot be used yet above the apps: :func:`landing`)."""
    person = signed_in()
    if not person.socialtilsyn_with(Permission.SE_ENHEDER):
        return "Din rolle giver ikke adgang til tilbud og plejefamilier."
    owned = store is None
    inner = store or Store.open(load_settings().database_url)
    try:
        inner.check_schema()
        guarded = GuardedStore(inner, person, load_or_create_key(load_settings().data_dir))
        # Counted from the units' kinds: the signals (the records behind them) are not needed.
        kinds = pd.Series(list(guarded.unit_kinds().values()), dtype=object).value_counts()
    except SchemaMismatchError:
        return "Lageret kan ikke bruges endnu; se beskeden øverst på siden."
    finally:
        if owned:
            inner.close()
    total = int(kinds.sum())
    if not total:
        return "Lageret er tomt: indlæs eksempeldata med 'tilsynwidgets indlaes-eksempel'."
    return f"Lageret indeholder {units_by_kind(kinds)}."


def inspector(store: Store | None = None) -> InspectorApp:
    """Tilsynsførendes app over the configured store (kept open while the app lives), as
    the signed-in person may use it."""
    settings = load_settings()
    store = _open_as(signed_in(), "Tilsynsfoerende.ipynb", store)
    day = settings.working_day()
    units = store.units_frame(day)
    categories = store.current_choices()
    app = InspectorApp(
        store,
        current_assessor(configured=settings.assessor, team=settings.team),
        store.catalogue_in_force(),
        ruleset(settings.ruleset),
        units,
        categories,
        as_of=day,
    )
    linked = linked_unit()
    if linked is not None:  # the page's address names a unit: checked like any other
        app.open_linked(linked)
    return _settled(app)


def leadership_data(store: Store, as_of: date | None = None) -> LeadershipData:
    """What the leadership review reads from ``store``, once."""
    settings = load_settings()
    day = as_of or settings.working_day()
    units = store.units_frame(day)
    return LeadershipData(
        units=units,
        assessments=store.assessments_frame(),
        plans=store.plans_frame(),
        plan_visits=store.plan_visits_frame(),
        changes=store.checklist_changes_frame(),
        rules=ruleset(settings.ruleset),
        as_of=day,
        provenance=read_provenance(store),
        information=store.information_frame(),
        suggested_now=suggestions_of(units.set_index("id"), store.catalogue_in_force()),
    )


def leadership(store: Store | None = None, as_of: date | None = None) -> LeadershipApp:
    """Ledelsens overblik over the configured store (kept open while the app lives), as
    the signed-in person may see it."""
    settings = load_settings()
    store = _open_as(signed_in(), "Ledelse.ipynb", store)
    author = current_assessor(configured=settings.assessor)
    return _settled(LeadershipApp(store, leadership_data(store, as_of), author))


def training_participant(store: Store | None = None) -> ParticipantApp:
    """Deltagerens app i et træningsforløb (the store is kept open while the app lives)."""
    person = signed_in()
    store = _open_as(person, "Deltager.ipynb", store)
    return ParticipantApp(TrainingStore(store), account=person.name if person.signed_in else None)


def training_facilitator(store: Store | None = None) -> FacilitatorApp:
    """Facilitatorens app i et træningsforløb (the store is kept open while the app lives)."""
    settings = load_settings()
    store = _open_as(signed_in(), "Facilitator.ipynb", store)
    facilitator = current_assessor(configured=settings.assessor)
    return FacilitatorApp(TrainingStore(store), facilitator.name)


def criteria_workshop(store: Store | None = None, as_of: date | None = None) -> WorkshopApp:
    """Kriterieværkstedet over the configured store; call ``load()`` once it is shown."""
    settings = load_settings()
    store = _open_as(signed_in(), "Kriterier.ipynb", store)
    return WorkshopApp(
        store,
        current_assessor(configured=settings.assessor).name,
        as_of=as_of or settings.working_day(),
    )
