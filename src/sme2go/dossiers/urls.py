from django.urls import path

from sme2go.dossiers import views

app_name = "dossiers"

urlpatterns = [
    path("", views.DossierListView.as_view(), name="list"),
    path("needs/<int:need_pk>/prepare/", views.prepare_for_need, name="prepare_need"),
    path("missions/<int:mission_pk>/", views.mission_dossiers, name="mission"),
    path("missions/<int:mission_pk>/prepare/", views.prepare_for_mission, name="prepare_mission"),
    path("<int:dossier_pk>/", views.dossier_detail, name="detail"),
    path("<int:dossier_pk>/send/", views.share, name="share"),
    path("versions/<int:dossierversion_pk>/", views.version_detail, name="version"),
    path("versions/<int:dossierversion_pk>/dossier.pdf", views.version_pdf, name="pdf"),
    path("companies/<int:organisation_pk>/", views.company_sharing, name="company"),
    path("companies/<int:organisation_pk>/consent/", views.consent_give, name="consent_give"),
    path(
        "consents/<int:sharingconsent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
