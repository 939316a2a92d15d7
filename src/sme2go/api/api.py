"""The ``/api/v1/`` instance: resources, authentication, errors as JSON.

Errors keep one shape: ``{"detail": "…"}`` for refusals (400 unreadable body, 401, 403,
404) and ``{"detail": [{"loc": [...], "msg": "…", "type": "…"}]}`` for 422, whether
pydantic rejected the body or a domain function's ``ValidationError`` named the field.
"""

from __future__ import annotations

from csp.decorators import csp_update
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from sme2go.api.auth import AUTH
from sme2go.api.resources import (
    assessments,
    followup,
    matches,
    meeting_requests,
    missions,
    needs,
    organisations,
    programmes,
    schedules,
)

api = NinjaAPI(
    title="sme2go API",
    version="1",
    description=(
        "The data of sme2go, scoped exactly like the web pages: you see and change what your "
        "user may. Authenticate with a personal token (`Authorization: Bearer sme2go_…`, "
        "created on your account page) or, in the browser, with your session."
    ),
    auth=AUTH,
    urls_namespace="api",
    # Swagger UI from the installed package's static files ("ninja" in INSTALLED_APPS),
    # never from a CDN.
    docs=Swagger(),
    # Swagger UI draws its icons as data: SVG images; the site's policy allows only its
    # own origin, so the docs page (and only it) adds data: images. Scripts stay 'self'.
    docs_decorator=csp_update({"img-src": ["'self'", "data:"]}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
for module in (
    programmes,
    organisations,
    needs,
    matches,
    missions,
    meeting_requests,
    schedules,
    assessments,
    followup,
):
    api.add_router("", module.router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "You may not do this."}, status=403)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A domain function refused the values: name each field at fault."""
    if hasattr(exc, "error_dict"):
        errors = [
            {"loc": ["body", field], "msg": message, "type": "invalid"}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"loc": ["body"], "msg": message, "type": "invalid"} for message in exc.messages]
    return api.create_response(request, {"detail": errors}, status=422)
