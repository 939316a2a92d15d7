from django.urls import path

from sme2go.agendas import views

app_name = "agendas"
agenda = "missions/<int:mission_pk>/agendas/<int:organisation_pk>/"
urlpatterns = [
    path("missions/<int:mission_pk>/agenda/", views.my_agenda, name="mine"),
    path("missions/<int:mission_pk>/agendas/", views.participant_list, name="participants"),
    path(agenda, views.agenda_page, name="agenda"),
    path(f"{agenda}agenda.pdf", views.agenda_pdf, name="pdf"),
    path(f"{agenda}calendar.ics", views.agenda_calendar, name="calendar"),
    path("missions/<int:mission_pk>/grid/", views.mission_grid, name="mission_grid"),
    path("missions/days/<int:day_pk>/grid/", views.grid_page, name="grid"),
    path("missions/days/<int:day_pk>/grid.csv", views.grid_csv, name="grid_csv"),
    path("missions/days/<int:day_pk>/grid.xlsx", views.grid_xlsx, name="grid_xlsx"),
    path("agendas/calendar.ics", views.my_calendar, name="my_calendar"),
    path("agendas/feeds/new/", views.feed_create, name="feed_create"),
    path("agendas/feeds/<int:calendarfeed_pk>/revoke/", views.feed_revoke, name="feed_revoke"),
]
