from django.urls import path

from sme2go.planning import views

app_name = "planning"

# Meeting requests, slot settings, venues, interpreters and unavailability.
request_patterns: list = [
    path("<int:mission_pk>/requests/", views.RequestListView.as_view(), name="requests"),
    path("<int:mission_pk>/requests/new/", views.request_create, name="request_create"),
    path("requests/<int:meetingrequest_pk>/answer/", views.request_answer, name="request_answer"),
    path(
        "requests/<int:meetingrequest_pk>/withdraw/",
        views.request_withdraw,
        name="request_withdraw",
    ),
    path(
        "requests/<int:meetingrequest_pk>/must-meet/",
        views.request_must_meet,
        name="request_must_meet",
    ),
    path("<int:mission_pk>/time-and-place/", views.time_and_place, name="time_and_place"),
    path("<int:mission_pk>/slots/", views.slot_settings_edit, name="slot_settings"),
    path("days/<int:day_pk>/slots/", views.day_slots_edit, name="day_slots"),
    path("<int:mission_pk>/venues/new/", views.venue_create, name="venue_create"),
    path("venues/<int:venue_pk>/edit/", views.venue_edit, name="venue_edit"),
    path("venues/<int:venue_pk>/delete/", views.venue_delete, name="venue_delete"),
    path("<int:mission_pk>/interpreters/new/", views.interpreter_create, name="interpreter_create"),
    path(
        "interpreters/<int:interpreter_pk>/edit/", views.interpreter_edit, name="interpreter_edit"
    ),
    path(
        "interpreters/<int:interpreter_pk>/delete/",
        views.interpreter_delete,
        name="interpreter_delete",
    ),
    path(
        "<int:mission_pk>/unavailability/new/",
        views.unavailability_create,
        name="unavailability_create",
    ),
    path(
        "unavailability/<int:unavailability_pk>/edit/",
        views.unavailability_edit,
        name="unavailability_edit",
    ),
    path(
        "unavailability/<int:unavailability_pk>/delete/",
        views.unavailability_delete,
        name="unavailability_delete",
    ),
]

# Solver runs, schedules (results, locks, moves, publishing).
schedule_patterns: list = []

urlpatterns = request_patterns + schedule_patterns
