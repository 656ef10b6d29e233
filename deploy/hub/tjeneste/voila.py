"""Voilà configuration of the apps' service behind JupyterHub (service ``tilsyn``).

Loaded together with the tilsyn template's own voila.py (kernel culling, the cap on kernels,
the refusal of non-page requests): the hub starts the service with both folders in
``--Voila.config_file_paths`` (src/tilsynwidgets/hub/deployment.py).

* JupyterHub's OAuth signs the viewer in; only users with ``access:services!service=tilsyn``
  pass, and the page's kernel learns who they are from a header the service signs
  (src/tilsynwidgets/hub/identity.py). The browser's own copy of that header is dropped.
* The service listens where the hub says (``JUPYTERHUB_SERVICE_URL``) under the prefix the
  proxy routes to it (``JUPYTERHUB_SERVICE_PREFIX``, ``/services/tilsyn/``).
"""

from __future__ import annotations

import os
from urllib.parse import urlparse

from tilsynwidgets.domain.access.identity import IDENTITY_HEADER

_service_url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])

c = get_config()  # type: ignore[name-defined]  # noqa: F821
c.Voila.ip = _service_url.hostname or "127.0.0.1"
c.Voila.port = _service_url.port or 80
c.Voila.port_retries = 0
c.Voila.base_url = os.environ["JUPYTERHUB_SERVICE_PREFIX"]
c.Voila.open_browser = False
c.Voila.identity_provider_class = "tilsynwidgets.hub.identity.TilsynIdentityProvider"
c.Voila.authorizer_class = "jupyterhub.singleuser.extension.JupyterHubAuthorizer"
c.VoilaConfiguration.http_header_envs = [IDENTITY_HEADER]
