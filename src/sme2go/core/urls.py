from django.urls import path

from sme2go.core import views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
