from django.urls import path

from sme2go.organisations import views

app_name = "organisations"
urlpatterns = [
    path("hosts/", views.HostListView.as_view(), name="hosts"),
    path("counterparts/", views.CounterpartListView.as_view(), name="counterparts"),
    path("organisations/new/", views.organisation_create, name="create"),
    path(
        "organisations/<int:organisation_pk>/",
        views.OrganisationDetailView.as_view(),
        name="detail",
    ),
    path("organisations/<int:organisation_pk>/edit/", views.organisation_edit, name="edit"),
    path(
        "organisations/<int:organisation_pk>/contacts/new/",
        views.contact_create,
        name="contact_create",
    ),
    path(
        "organisations/<int:organisation_pk>/contacts/<int:contactperson_pk>/edit/",
        views.contact_edit,
        name="contact_edit",
    ),
    path(
        "organisations/<int:organisation_pk>/contacts/<int:contactperson_pk>/delete/",
        views.contact_delete,
        name="contact_delete",
    ),
]
