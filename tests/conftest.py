"""Shared fixtures: two independent programme worlds and logged-in clients.

``programme_a`` and ``programme_b`` are :class:`tests.factories.World` objects built by
the same factory, so a test can act as a user of one and reach for objects of the other.
"""

from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The default PBKDF2 hasher costs ~0.3 s per password; tests need no real security.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _jobs_run_at_once(settings):
    # Background jobs (re-ranking, scheduler runs) run inside the enqueueing call, so a
    # test sees their outcome; tests/planning/test_worker.py runs a real worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path_factory):
    # Uploaded files (agreement evidence) of a test go to a fresh folder, never into the
    # data folder of the checkout.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def programme_a(db) -> factories.World:
    return factories.make_world("a", city="Weifang", city_zh="潍坊")


@pytest.fixture
def programme_b(db) -> factories.World:
    return factories.make_world("b", city="Rizhao", city_zh="日照")


@pytest.fixture
def client_for():
    """``client_for(user)``: a test client logged in as ``user``."""
    return factories.client_for
