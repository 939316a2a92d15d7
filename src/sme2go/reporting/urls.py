from django.urls import path

from sme2go.reporting import views

app_name = "reporting"
programme = "programmes/<int:programme_pk>/"
indicator = "indicators/<int:indicatordefinition_pk>/"
urlpatterns = [
    path(programme, views.programme_report_page, name="programme"),
    path(f"{programme}report.pdf", views.programme_report_pdf, name="programme_pdf"),
    path(f"{programme}report.csv", views.programme_report_csv, name="programme_csv"),
    path(f"{programme}report.xlsx", views.programme_report_xlsx, name="programme_xlsx"),
    path(f"{programme}indicators/", views.indicator_list, name="indicators"),
    path(f"{programme}indicators/new/", views.indicator_create, name="indicator_create"),
    path(
        f"{programme}indicators/ready-made/",
        views.indicator_add_ready_made,
        name="indicator_ready_made",
    ),
    path(f"{indicator}records/", views.indicator_records, name="indicator_records"),
    path(f"{indicator}edit/", views.indicator_edit, name="indicator_edit"),
    path(f"{indicator}delete/", views.indicator_delete, name="indicator_delete"),
    path("missions/<int:mission_pk>/", views.mission_report_page, name="mission"),
    path("missions/<int:mission_pk>/report.pdf", views.mission_report_pdf, name="mission_pdf"),
]
