"""API test helpers: clients that authenticate with a personal token, like a program would."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

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


def plannable(world):
    """A programme world whose planning objects take every write of the API, so the API
    walk reaches them all: the draft's meeting (09:00 UTC, 17:00 in the trip's time,
    Asia/Shanghai) lies in a slot (meetings until 17:30), and the scheduler's run was lost
    with its worker (running, no sign of life for an hour), so that it can be cancelled
    and a new run can start (the new one fails the lost one first)."""
    from sme2go.planning.models import SlotSettings, SolverRun

    SlotSettings.objects.create(mission=world.mission, day_end=dt.time(17, 30))
    long_ago = timezone.now() - dt.timedelta(hours=1)
    world.__dict__["solverrun"] = SolverRun.objects.create(
        mission=world.mission,
        status=SolverRun.Status.RUNNING,
        started_at=long_ago,
        heartbeat_at=long_ago,
    )
    return world


@pytest.fixture
def programme_a(programme_a):
    return plannable(programme_a)


@pytest.fixture
def programme_b(programme_b):
    return plannable(programme_b)
