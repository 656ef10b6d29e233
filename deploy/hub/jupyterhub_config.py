"""JupyterHub configuration of the tilsynwidgets deployment (started by scripts/hub.sh).

Everything is in :mod:`tilsynwidgets.hub.deployment`; the environment chooses ports, the
state folder, the trial password and the store (docs/hub.md lists the variables).
"""

from __future__ import annotations

from pathlib import Path

from tilsynwidgets.hub.deployment import HubSetup, configure

c = get_config()  # type: ignore[name-defined]  # noqa: F821
configure(c, HubSetup.from_env(Path(__file__).resolve().parent))
