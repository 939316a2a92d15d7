"""Django's error views, answering in the API's JSON under ``/api/``.

A request can fail before any view runs: a ``Host`` header outside ``ALLOWED_HOSTS``
(400, raised by the middleware), a CSRF failure (403), a crash (500). Django then renders
its error templates; the friendly pages (``400.html`` …) suit the browser, but an API
client was promised ``{"detail": "…"}`` with ``application/json`` on every answer, so
paths under ``/api/`` get that instead. Everything else is Django's own view.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


def _json(status: int, detail: str) -> JsonResponse:
    return JsonResponse(
        {"detail": detail}, status=status, content_type="application/json; charset=utf-8"
    )


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(400, "Bad Request")
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(403, "Forbidden")
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(404, "Not Found")
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _json(500, "Server Error")
    return defaults.server_error(request)
