from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path

from sme2go.api import views
from sme2go.api.api import api

app_name = "tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:apitoken_pk>/revoke/", views.token_revoke, name="revoke"),
]


def _no_such_endpoint(request: HttpRequest, rest: str) -> JsonResponse:
    """Any other path under /api/v1/ answers in the API's JSON, not with an HTML page."""
    return JsonResponse(
        {"detail": "Not Found"}, status=404, content_type="application/json; charset=utf-8"
    )


_patterns, _app_name, _namespace = api.urls
api_urls = ([*_patterns, re_path(r"^(?P<rest>.*)$", _no_such_endpoint)], _app_name, _namespace)
