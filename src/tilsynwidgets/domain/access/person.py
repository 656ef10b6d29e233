"""A signed-in person, the roles their groups give them, and what those roles allow.

The one place that decides whether a person may open an app, see a unit, see a
plejefamilie's name, edit a unit or put a catalogue in force. The kernel asks it on every
action; what the browser shows or hides is never the protection.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tilsynwidgets.domain.access.roles import FRONT_PAGE, Permission, Role, Roles, roles
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.labels import label_of

__all__ = ["Grant", "Person", "local_person", "person_from_groups"]


@dataclass(frozen=True, slots=True)
class Grant:
    """A role held in one socialtilsyn, or nationally (``socialtilsyn`` is ``None``)."""

    role: Role
    socialtilsyn: Socialtilsyn | None

    def covers(self, socialtilsyn: Socialtilsyn | None) -> bool:
        """True when this grant reaches ``socialtilsyn`` (``None``: every socialtilsyn)."""
        return self.socialtilsyn is None or self.socialtilsyn == socialtilsyn

    @property
    def label(self) -> str:
        """The role in Danish, with where it holds when it is about units."""
        if Permission.SE_ENHEDER not in self.role.permissions:
            return self.role.label
        where = "national" if self.socialtilsyn is None else label_of(self.socialtilsyn)
        return f"{self.role.label} ({where})"


@dataclass(frozen=True, slots=True)
class Person:
    """Who works in the app and the grants they hold."""

    name: str
    grants: tuple[Grant, ...]
    signed_in: bool
    """False for local use without sign-in, where the one person holds every role."""

    def may_open(self, notebook: str) -> bool:
        return any(notebook in grant.role.apps for grant in self.grants)

    def may(self, permission: Permission, socialtilsyn: Socialtilsyn | None = None) -> bool:
        """True when a grant gives ``permission`` in ``socialtilsyn`` (``None``: in every
        socialtilsyn, which only a national grant does)."""
        return any(
            permission in grant.role.permissions and grant.covers(socialtilsyn)
            for grant in self.grants
        )

    def socialtilsyn_with(self, permission: Permission) -> frozenset[Socialtilsyn]:
        """The socialtilsyn where ``permission`` holds."""
        return frozenset(s for s in Socialtilsyn if self.may(permission, s))

    @property
    def landing(self) -> str:
        """The app this person lands in after signing in: their roles' own when they all
        agree (a course participant goes straight to the participant app), else the Forside."""
        landings = {grant.role.landing or FRONT_PAGE for grant in self.grants}
        return landings.pop() if len(landings) == 1 else FRONT_PAGE

    @property
    def role_text(self) -> str:
        """The grants in Danish, for the line that says who is working."""
        if not self.grants:
            return "ingen rolle"
        if not self.signed_in:
            return "alle roller (lokal brug uden login)"
        return ", ".join(grant.label for grant in self.grants)


def person_from_groups(name: str, groups: Iterable[str], data: Roles | None = None) -> Person:
    """The person ``name`` with the grants their JupyterHub ``groups`` give; a group the
    roles file does not know gives nothing."""
    data = data or roles()
    grants = tuple(
        dict.fromkeys(
            Grant(role, where)
            for group in sorted(set(groups))
            for role, where in data.grants_of(group)
        )
    )
    return Person(name, grants, signed_in=True)


def local_person(name: str, data: Roles | None = None) -> Person:
    """The one person of local use without sign-in (``make app`` on one's own machine):
    every role, nationally, as before sign-in existed."""
    data = data or roles()
    return Person(name, tuple(Grant(role, None) for role in data.roles), signed_in=False)
