"""Stateful fuzzing of the API (schemathesis): sequences of calls in which the id one
answer returns (a need created, a mission listed) feeds the next call, so that writes and
reads of the same objects meet. The links between operations are inferred by
schemathesis from the schema (a ``need_pk`` path parameter and the ``id`` an answer
returns). Every answer must be no server error and match the schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import api_client_for
from tests.api.test_schemathesis import _keep_the_test_connection  # noqa: F401

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def test_the_schema_links_operations():
    """The inference finds links, so the state machine below has sequences to walk."""
    machine = schema.as_state_machine()
    assert len(machine.bundles) > 0


def test_call_sequences_keep_the_schema(programme_a, programme_b):
    programme_a.proposal  # noqa: B018 - created on first use
    headers = api_client_for(programme_a.operator_user).headers
    Machine = schema.as_state_machine()

    class Sequences(Machine):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, **kwargs):
            case.validate_response(
                response,
                checks=[
                    not_a_server_error,
                    status_code_conformance,
                    content_type_conformance,
                    response_schema_conformance,
                ],
            )

    Sequences.run(
        settings=settings(
            max_examples=15,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
    )
