"""Who is assessing: the person the Voilà server says, or a clearly labelled local fallback."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["LOCAL_FALLBACK", "Assessor", "current_assessor"]

LOCAL_FALLBACK = "lokal-bruger"


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
    """The JupyterHub user when served by a hub, else the configured name, else a fallback.

    JupyterHub sets ``JUPYTERHUB_USER`` for the user's server, and Voilà kernels inherit it.
    """
    env = os.environ if environ is None else environ
    hub_user = env.get("JUPYTERHUB_USER", "").strip()
    if hub_user:
        return Assessor(hub_user, "JupyterHub-bruger", team)
    if configured and configured.strip():
        return Assessor(configured.strip(), "angivet i serverens opsætning", team)
    # Shown on screens and printed in reports: no setting names (docs/configuration.md
    # tells an administrator how to name the person).
    return Assessor(LOCAL_FALLBACK, "lokal brug uden login", team)
