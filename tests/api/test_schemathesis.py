"""Property-based fuzzing of the API from its own OpenAPI schema (schemathesis).

Schemathesis generates requests from ``/api/v1/openapi.json`` (valid ones and invalid
ones) and sends them to the Django app through its WSGI interface, not over a network, as
a read-write operator whose programme has one object of every kind. Every answer must be
no server error, and its status, content type and body must be the ones the schema
documents. The number of examples is bounded so the run stays well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import api_client_for

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def load(phases: list[str]):
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    loaded.config.phases.update(phases=phases)
    return loaded


# The coverage phase derives boundary and invalid values from every schema constraint;
# the fuzzing phase draws random ones.
schema = load(["examples", "coverage", "fuzzing"])
# Cases on real objects replace the path parameters, so deriving them would be wasted.
object_schema = load(["fuzzing"])


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's handler closes the database connection after each request; the test client
    stops that (the test's transaction lives on the connection), and so must this test,
    which calls the WSGI handler itself."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def operator_headers(programme_a, programme_b):
    """A read-write operator token; both programmes exist, one of every object each."""
    programme_a.proposal  # noqa: B018 - created on first use
    return api_client_for(programme_a.operator_user).headers


FUZZ = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@schema.parametrize()
@FUZZ
def test_the_api_keeps_its_schema(case, operator_headers):
    """Generated paths, queries and bodies; ids are mostly of objects that do not exist."""
    case.call_and_validate(headers=operator_headers, checks=CHECKS)


@object_schema.include(path_regex=r"\{").parametrize()
@FUZZ
def test_the_api_keeps_its_schema_on_real_objects(case, operator_headers, programme_a):
    """The same with the ids of the operator's own objects, so that generated queries and
    bodies reach the domain functions (writes included) instead of stopping at a 404.

    Replacing the ids can turn a case generated as invalid into a valid one, so whether
    invalid data is rejected is checked by the test above only."""
    ids = programme_a.url_kwargs()
    case.path_parameters = {name: ids[name] for name in case.path_parameters or {}}
    case.call_and_validate(
        headers=operator_headers,
        checks=[check for check in CHECKS if check is not negative_data_rejection],
    )
