"""Who is assessing: the person the server signed in, or a clearly labelled local fallback."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from tilsynwidgets.domain.access.identity import KEY_ENV, identity_from_environ
from tilsynwidgets.domain.access.person import Person, local_person, person_from_groups

__all__ = ["LOCAL_FALLBACK", "UNKNOWN_PERSON", "Assessor", "current_assessor", "current_person"]

LOCAL_FALLBACK = "lokal-bruger"
UNKNOWN_PERSON = "ukendt bruger"
"""Behind JupyterHub, a kernel that was handed no valid identity works as nobody."""


@dataclass(frozen=True, slots=True)
class Assessor:
    name: str
    source: str
    """Danish: where the name came from, shown beside it."""
    team: str | None = None
    """The person's team where it is known (for the inspector's "Mit team" filter)."""

    @property
    def is_fallback(self) -> bool:
        return self.name == LOCAL_FALLBACK


def current_assessor(
    environ: Mapping[str, str] | None = None,
    configured: str | None = None,
    team: str | None = None,
) -> Assessor:
    """The person viewing the page when the server signed them in, else the JupyterHub
    user who owns the server, else the configured name, else a fallback.

    Behind JupyterHub the apps' server hands each page's kernel the viewer's identity,
    signed (:mod:`tilsynwidgets.domain.access.identity`); a personal server started by
    JupyterHub sets ``JUPYTERHUB_USER`` to its owner, and Voilà kernels inherit it.
    """
    env = os.environ if environ is None else environ
    signed = identity_from_environ(env)
    if signed is not None:
        return Assessor(signed.name, "logget ind via JupyterHub", team)
    if env.get(KEY_ENV, "").strip():
        return Assessor(UNKNOWN_PERSON, "ikke logget ind", team)
    hub_user = env.get("JUPYTERHUB_USER", "").strip()
    if hub_user:
        return Assessor(hub_user, "JupyterHub-bruger", team)
    if configured and configured.strip():
        return Assessor(configured.strip(), "angivet i serverens opsætning", team)
    # Shown on screens and printed in reports: no setting names (docs/configuration.md
    # tells an administrator how to name the person).
    return Assessor(LOCAL_FALLBACK, "lokal brug uden login", team)


def current_person(
    environ: Mapping[str, str] | None = None, configured: str | None = None
) -> Person:
    """The signed-in person with the roles their JupyterHub groups give them; without
    sign-in, the one local person (:func:`current_assessor`'s name), who holds every role.

    Behind JupyterHub (the signing key is set) only a signed identity counts: a kernel
    without one, or with one that does not hold, gets a person with no role at all, never
    the local person's.
    """
    env = os.environ if environ is None else environ
    signed = identity_from_environ(env)
    if signed is not None:
        return person_from_groups(signed.name, signed.groups)
    if env.get(KEY_ENV, "").strip():
        return Person(UNKNOWN_PERSON, (), signed_in=True)
    return local_person(current_assessor(env, configured).name)
