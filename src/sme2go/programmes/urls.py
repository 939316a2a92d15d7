from django.urls import path

from sme2go.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="list"),
    path("new/", views.programme_create, name="create"),
    path("<int:programme_pk>/", views.ProgrammeDetailView.as_view(), name="detail"),
    path("<int:programme_pk>/edit/", views.programme_edit, name="edit"),
    path("<int:programme_pk>/enrol/", views.enrolment_create, name="enrol"),
    path("enrolments/<int:enrolment_pk>/edit/", views.enrolment_edit, name="enrolment_edit"),
]
