"""Who views a page of the apps' Voilà service behind JupyterHub, handed to the page's kernel.

:class:`TilsynIdentityProvider` is Voilà's identity provider in the hub deployment
(``deploy/hub/tjeneste/voila.py``). It is JupyterHub's own one for Jupyter servers: the viewer
signs in at the hub, the service gets an OAuth token for them, and only users with
``access:services!service=tilsyn`` pass. On top of that, for every request it

1. removes any ``X-Tilsyn-Identitet`` header the browser sent, whoever the user is; then
2. for a signed-in user, sets that header to the user's hub name and hub groups, signed with
   the service's key (:func:`tilsynwidgets.domain.access.identity.sign_identity`).

Voilà hands the header to the kernel it starts for the page
(``VoilaConfiguration.http_header_envs``); the kernel believes it only when the signature
holds under the same key, which the kernel inherits from the service's environment.

The groups come from the hub's user model that the OAuth token reads: JupyterHub always lets
a token read its owner's name and groups (``identify`` scopes), so the browser never has a
say in them. The model is cached by the service for ``HubAuth.cache_max_age`` (5 minutes), so
a change of groups reaches new pages within that time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from jupyterhub.singleuser.extension import (  # type: ignore[import-untyped]
    JupyterHubIdentityProvider,
    JupyterHubUser,
)
from jupyterhub.utils import url_path_join  # type: ignore[import-untyped]
from traitlets import Unicode, default

from tilsynwidgets.domain.access.identity import IDENTITY_HEADER, KEY_ENV, sign_identity

__all__ = ["SERVICE_TOKEN_ENVS", "TilsynIdentityProvider", "hub_groups_of"]

SERVICE_TOKEN_ENVS = ("JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN")
"""The service's own hub token. Read once at start, then removed from the environment so the
kernels (which inherit it) never hold a token for the hub's API."""


def hub_groups_of(hub_user: dict[str, Any]) -> tuple[str, ...]:
    """The groups in a hub user model; none when the model does not list them."""
    groups = hub_user.get("groups")
    if not isinstance(groups, Sequence) or isinstance(groups, str):
        return ()
    return tuple(sorted(str(group) for group in groups))


def _require_key(value: str) -> None:
    """A key that signs: at least 16 bytes in hex. (A traitlets validator would not see a
    default, so the check is called where the key is first needed.)"""
    try:
        raw = bytes.fromhex(value)
    except ValueError:
        raw = b""
    if len(raw) < 16:
        raise ValueError(
            f"Tjenesten kan ikke starte: miljøvariablen {KEY_ENV} skal være en nøgle på "
            "mindst 32 hex-tegn (hubbens opsætning danner den ved hver start)."
        )


class TilsynIdentityProvider(JupyterHubIdentityProvider):  # type: ignore[misc]
    """JupyterHub's identity provider, passing the viewer's signed identity to the kernel."""

    identity_key = Unicode(
        help=f"The key (hex) that signs the identity header; from ${KEY_ENV} by default."
    ).tag(config=True)

    @default("identity_key")
    def _default_identity_key(self) -> str:
        return os.environ.get(KEY_ENV, "").strip()

    def __init__(self, **kwargs: Any) -> None:
        # Voilà passes token="" for its own token login, which this provider does not have
        # (the hub's OAuth token is the token).
        kwargs.pop("token", None)
        super().__init__(**kwargs)
        _require_key(self.identity_key)  # a missing key stops the service here, not later
        self.hub_auth.api_token  # noqa: B018 - read it before it leaves the environment
        for name in SERVICE_TOKEN_ENVS:
            os.environ.pop(name, None)

    async def get_user(self, handler: Any) -> JupyterHubUser | None:
        headers = handler.request.headers
        if IDENTITY_HEADER in headers:
            del headers[IDENTITY_HEADER]
        user: JupyterHubUser | None = await super().get_user(handler)
        if user is None:
            return None
        groups = hub_groups_of(user.hub_user)
        if "groups" not in user.hub_user:
            self.log.warning("Hubben sendte ingen grupper for brugeren; ingen roller gives.")
        headers[IDENTITY_HEADER] = sign_identity(user.username, groups, self.identity_key)
        return user

    def get_handlers(self) -> list[tuple[Any, ...]]:
        """The OAuth callback and logout under the service's prefix.

        Jupyter Server prefixes an identity provider's handlers with its base URL; Voilà's
        own server adds them as they are, so the prefix is added here.
        """
        prefix = self.hub_auth.base_url
        return [(url_path_join(prefix, path), *rest) for path, *rest in super().get_handlers()]
