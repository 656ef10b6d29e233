"""The service's identity provider on a real tornado request, with the hub's answer faked."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from unittest import mock

import pytest
from jupyterhub.services.auth import HubOAuth
from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine
from tornado.web import Application, RequestHandler

from tilsynwidgets.domain.access.identity import (
    IDENTITY_HEADER,
    KEY_ENV,
    new_key,
    read_identity,
    sign_identity,
)
from tilsynwidgets.hub.identity import SERVICE_TOKEN_ENVS, TilsynIdentityProvider

ACCESS = "access:services!service=tilsyn"
KEY = new_key()


class FakeHubOAuth(HubOAuth):  # type: ignore[misc]
    """The hub's answer about the request's OAuth token, without a hub."""

    model: dict[str, Any] | None = None

    async def _get_user(self, handler: Any) -> dict[str, Any] | None:
        return self.model


def _provider(model: dict[str, Any] | None) -> TilsynIdentityProvider:
    hub_auth = FakeHubOAuth(
        api_token="service-token",
        access_scopes={ACCESS},
        base_url="/services/tilsyn/",
        hub_prefix="/hub/",
    )
    hub_auth.model = model
    return TilsynIdentityProvider(identity_key=KEY, hub_auth=hub_auth)


def _request(*headers: tuple[str, str]) -> RequestHandler:
    """A GET of an app's page, carrying ``headers`` as a browser sent them."""
    sent = HTTPHeaders({"Host": "127.0.0.1:8000"})
    for name, value in headers:
        sent.add(name, value)
    request = HTTPServerRequest(
        start_line=RequestStartLine(
            "GET", "/services/tilsyn/voila/render/Tilsynsfoerende.ipynb", "HTTP/1.1"
        ),
        headers=sent,
        connection=mock.Mock(),
    )
    return RequestHandler(Application(cookie_secret="x" * 32), request)


def _user(name: str, groups: list[str] | None, scopes: list[str]) -> dict[str, Any]:
    model: dict[str, Any] = {"kind": "user", "name": name, "scopes": scopes}
    if groups is not None:
        model["groups"] = groups
    return model


def _signed_in(provider: TilsynIdentityProvider, handler: RequestHandler) -> Any:
    # In a thread of its own: Playwright's sync API may hold an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, provider.get_user(handler)).result()


FORGED = sign_identity("leder-national-1", ["leder-national"], KEY)


def test_a_signed_in_viewer_gets_their_hub_name_and_groups_signed() -> None:
    provider = _provider(_user("tf-syd-1", ["tilsynsfoerende-syd", "underviser"], [ACCESS]))
    handler = _request((IDENTITY_HEADER, FORGED), ("Accept", "text/html"))
    user = _signed_in(provider, handler)
    assert user.username == "tf-syd-1"
    values = handler.request.headers.get_list(IDENTITY_HEADER)
    assert len(values) == 1  # the browser's value is gone, not merely joined by ours
    identity = read_identity(values[0], KEY)
    assert identity is not None
    assert (identity.name, identity.groups) == ("tf-syd-1", ("tilsynsfoerende-syd", "underviser"))


@pytest.mark.parametrize(
    "model",
    [
        pytest.param(None, id="ikke logget ind"),
        pytest.param(_user("tf-syd-1", ["tilsynsfoerende-syd"], []), id="uden adgang"),
    ],
)
def test_without_access_the_browsers_header_is_dropped_and_none_set(
    model: dict[str, Any] | None,
) -> None:
    provider = _provider(model)
    handler = _request((IDENTITY_HEADER, FORGED), ("x-tilsyn-identitet", FORGED))
    assert _signed_in(provider, handler) is None
    assert handler.request.headers.get_list(IDENTITY_HEADER) == []


def test_a_hub_model_without_groups_gives_no_groups() -> None:
    provider = _provider(_user("tf-syd-1", None, [ACCESS]))
    handler = _request()
    _signed_in(provider, handler)
    identity = read_identity(handler.request.headers[IDENTITY_HEADER], KEY)
    assert identity is not None
    assert identity.groups == ()


@pytest.mark.parametrize("key", ["", "abc", "z" * 64, "ab" * 8])
def test_the_service_does_not_start_without_a_real_key(
    key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY_ENV, key)
    with pytest.raises(ValueError, match=f"miljøvariablen {KEY_ENV}"):
        TilsynIdentityProvider()


def test_the_kernels_do_not_inherit_the_services_hub_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in SERVICE_TOKEN_ENVS:
        monkeypatch.setenv(name, "service-token")
    monkeypatch.setenv(KEY_ENV, KEY)
    provider = TilsynIdentityProvider()
    assert provider.hub_auth.api_token == "service-token"
    for name in SERVICE_TOKEN_ENVS:
        assert name not in os.environ


def test_the_oauth_callback_lives_under_the_services_prefix() -> None:
    paths = [handler[0] for handler in _provider(None).get_handlers()]
    assert "/services/tilsyn/oauth_callback" in paths
    assert all(path.startswith("/services/tilsyn/") for path in paths)
