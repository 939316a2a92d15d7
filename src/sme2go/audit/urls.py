from django.urls import path

from sme2go.audit import views

app_name = "audit"
urlpatterns = [
    path(
        "programmes/<int:programme_pk>/history/",
        views.ProgrammeHistoryView.as_view(),
        name="programme",
    ),
    path(
        "organisations/<int:organisation_pk>/history/",
        views.OrganisationHistoryView.as_view(),
        name="organisation",
    ),
    path("needs/<int:need_pk>/history/", views.NeedHistoryView.as_view(), name="need"),
    path("missions/<int:mission_pk>/history/", views.MissionHistoryView.as_view(), name="mission"),
    path("organisations/<int:organisation_pk>/people/", views.people, name="people"),
    path("contacts/<int:contactperson_pk>/erase/", views.erase_contact, name="erase_contact"),
    path("users/<int:user_pk>/erase/", views.erase_user, name="erase_user"),
    path("accounts/my-data/", views.my_data, name="my_data"),
    path("accounts/my-data/export.json", views.my_data_export, name="my_data_export"),
]
