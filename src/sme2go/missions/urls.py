from django.urls import path

from sme2go.missions import views

app_name = "missions"
urlpatterns = [
    path("", views.MissionListView.as_view(), name="list"),
    path("new/", views.mission_create, name="create"),
    path("<int:mission_pk>/", views.MissionDetailView.as_view(), name="detail"),
    path("<int:mission_pk>/edit/", views.mission_edit, name="edit"),
    path("<int:mission_pk>/participants/", views.mission_participants, name="participants"),
    path("<int:mission_pk>/days/new/", views.day_create, name="day_create"),
    path("days/<int:day_pk>/edit/", views.day_edit, name="day_edit"),
    path("days/<int:day_pk>/delete/", views.day_delete, name="day_delete"),
    path("days/<int:day_pk>/legs/new/", views.leg_create, name="leg_create"),
    path("legs/<int:leg_pk>/edit/", views.leg_edit, name="leg_edit"),
    path("legs/<int:leg_pk>/delete/", views.leg_delete, name="leg_delete"),
    path("days/<int:day_pk>/visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:visit_pk>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<int:visit_pk>/delete/", views.visit_delete, name="visit_delete"),
]
