from django.urls import path

from sme2go.planning import schedule_views, views

app_name = "planning"

# Meeting requests, slot settings, venues, interpreters and unavailability.
request_patterns: list = [
    path("requests/", views.MyRequestListView.as_view(), name="my_requests"),
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
schedule_patterns: list = [
    path("<int:mission_pk>/schedule/", schedule_views.schedule_page, name="schedule"),
    path("<int:mission_pk>/schedule/run/", schedule_views.run_start, name="run_start"),
    path("runs/<int:solverrun_pk>/progress/", schedule_views.run_progress, name="run_progress"),
    path("runs/<int:solverrun_pk>/cancel/", schedule_views.run_cancel, name="run_cancel"),
    path("schedules/<int:schedule_pk>/", schedule_views.schedule_detail, name="schedule_detail"),
    path(
        "schedules/<int:schedule_pk>/publish/",
        schedule_views.schedule_publish,
        name="schedule_publish",
    ),
    path(
        "meetings/<int:scheduledmeeting_pk>/lock/",
        schedule_views.meeting_lock,
        name="meeting_lock",
    ),
    path(
        "meetings/<int:scheduledmeeting_pk>/unlock/",
        schedule_views.meeting_unlock,
        name="meeting_unlock",
    ),
    path(
        "meetings/<int:scheduledmeeting_pk>/move/",
        schedule_views.meeting_move,
        name="meeting_move",
    ),
]

urlpatterns = request_patterns + schedule_patterns
