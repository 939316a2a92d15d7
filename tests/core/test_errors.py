"""Errors raised before any view runs answer in the API's JSON under /api/, and with the
friendly page elsewhere."""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from sme2go.core import errors

pytestmark = pytest.mark.django_db

BAD_HOST = "Vg\\VY>i)i:AW"  # a Host header the API fuzz once sent


def test_a_bad_host_header_on_the_api_answers_json_400():
    response = Client().get("/api/v1/programmes", HTTP_HOST=BAD_HOST)
    assert (response.status_code, response["Content-Type"], json.loads(response.content)) == (
        400,
        "application/json; charset=utf-8",
        {"detail": "Bad Request"},
    )


def test_a_bad_host_header_on_a_page_answers_the_friendly_page():
    response = Client().get("/", HTTP_HOST=BAD_HOST, HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert (response.status_code, response["Content-Type"]) == (400, "text/html; charset=utf-8")
    assert "<h1>The request could not be read</h1>" in body


@pytest.mark.parametrize(
    ("handler", "status", "detail"),
    [
        (errors.bad_request, 400, "Bad Request"),
        (errors.permission_denied, 403, "Forbidden"),
        (errors.page_not_found, 404, "Not Found"),
    ],
)
def test_every_handler_answers_json_under_the_api(handler, status, detail):
    request = RequestFactory().get("/api/v1/needs/1")
    response = handler(request, Exception("why"))
    assert (response.status_code, json.loads(response.content)) == (status, {"detail": detail})


def test_a_crash_under_the_api_answers_json_500_and_a_page_elsewhere():
    api = errors.server_error(RequestFactory().get("/api/v1/needs"))
    with translation.override("en"):
        page = errors.server_error(RequestFactory().get("/needs/"))
    assert (api.status_code, json.loads(api.content)) == (500, {"detail": "Server Error"})
    assert page.status_code == 500
    assert "<h1>Something went wrong</h1>" in page.content.decode()
