"""The apps behind JupyterHub: sign-in, the viewer's identity in the kernel, roles by group.

* :mod:`~tilsynwidgets.hub.identity`: Voilà's identity provider in the hub's service.
* :mod:`~tilsynwidgets.hub.deployment`: the hub's configuration (deploy/hub).
* :mod:`~tilsynwidgets.hub.accounts`: the hub's groups and a trial's accounts.

Importing this package needs the ``hub`` extra (JupyterHub).
"""

from __future__ import annotations

__all__: list[str] = []
