from django.urls import path

from sme2go.followup import views

app_name = "followup"

urlpatterns = [
    path("missions/<int:mission_pk>/", views.mission_follow_up, name="mission"),
    path("meetings/<int:scheduledmeeting_pk>/feedback/", views.feedback, name="feedback"),
    path("meetings/<int:scheduledmeeting_pk>/outcome/", views.outcome, name="outcome"),
    path("leads/", views.LeadListView.as_view(), name="leads"),
    path("missions/<int:mission_pk>/leads/new/", views.lead_create, name="lead_create"),
    path("leads/<int:lead_pk>/", views.LeadDetailView.as_view(), name="lead"),
    path("leads/<int:lead_pk>/edit/", views.lead_edit, name="lead_edit"),
    path("leads/<int:lead_pk>/stage/", views.lead_stage, name="lead_stage"),
    path("leads/<int:lead_pk>/steps/new/", views.step_create, name="step_create"),
    path("steps/<int:nextstep_pk>/edit/", views.step_edit, name="step_edit"),
    path("steps/<int:nextstep_pk>/done/", views.step_done, name="step_done"),
    path(
        "missions/<int:mission_pk>/agreements/new/",
        views.agreement_create,
        name="agreement_create",
    ),
    path("agreements/<int:agreement_pk>/", views.agreement_detail, name="agreement"),
    path("agreements/<int:agreement_pk>/evidence/", views.evidence_add, name="evidence_add"),
    path(
        "agreements/<int:agreement_pk>/confirm/",
        views.agreement_confirm,
        name="agreement_confirm",
    ),
    path("evidence/<int:agreementevidence_pk>/", views.evidence_file, name="evidence_file"),
    path(
        "evidence/<int:agreementevidence_pk>/delete/",
        views.evidence_delete,
        name="evidence_delete",
    ),
    path("check-ins/<int:checkin_pk>/", views.check_in, name="check_in"),
]
