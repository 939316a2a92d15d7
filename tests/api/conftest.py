"""API test helpers: clients that authenticate with a personal token, like a program would."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from sme2go.api.domain import create_api_token
from sme2go.api.models import ApiToken


class ApiClient:
    """A Django test client that sends ``Authorization: Bearer <token>`` and JSON bodies."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, body: Any = None, *, raw: str | None = None):
        data = raw if raw is not None else (None if body is None else json.dumps(body))
        kwargs: dict[str, Any] = {"headers": self.headers}
        if data is not None:
            kwargs.update(data=data, content_type="application/json")
        return getattr(self.client, method.lower())(path, **kwargs)

    def get(self, path: str, **params):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, body: Any = None, **kw):
        return self.request("POST", path, body, **kw)

    def patch(self, path: str, body: Any = None, **kw):
        return self.request("PATCH", path, body, **kw)

    def put(self, path: str, body: Any = None, **kw):
        return self.request("PUT", path, body, **kw)


def api_client_for(user, scope: str = ApiToken.Scope.READ_WRITE) -> ApiClient:
    _, value = create_api_token(actor=user, name="tests", scope=scope)
    return ApiClient(value)


@pytest.fixture
def api_for():
    """``api_for(user, scope=...)``: an :class:`ApiClient` with a new token of ``user``."""
    return api_client_for
