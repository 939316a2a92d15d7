from django.urls import path

from sme2go.api import views
from sme2go.api.api import api

app_name = "tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:apitoken_pk>/revoke/", views.token_revoke, name="revoke"),
]

api_urls = api.urls
