from django.urls import path

from sme2go.readiness import views

app_name = "readiness"

urlpatterns = [
    path("", views.AssessmentListView.as_view(), name="list"),
    path("companies/<int:organisation_pk>/start/", views.start, name="start"),
    path("companies/<int:organisation_pk>/progress/", views.company_progress, name="progress"),
    path("<int:assessment_pk>/", views.detail, name="detail"),
    path("<int:assessment_pk>/answers/", views.answer, name="answer"),
    path("<int:assessment_pk>/review/", views.review, name="review"),
    path("<int:assessment_pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("<int:assessment_pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("evidence/<int:evidencefile_pk>/", views.evidence_download, name="evidence"),
    path("programmes/<int:programme_pk>/cohort/", views.cohort, name="programme_cohort"),
    path(
        "programmes/<int:programme_pk>/cohort.csv",
        views.cohort_csv,
        name="programme_cohort_csv",
    ),
    path("missions/<int:mission_pk>/cohort/", views.cohort, name="mission_cohort"),
    path("missions/<int:mission_pk>/cohort.csv", views.cohort_csv, name="mission_cohort_csv"),
]
