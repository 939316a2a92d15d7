from django.contrib import admin
from django.urls import include, path

from sme2go.api.urls import api_urls

urlpatterns = [
    path("", include("sme2go.core.urls")),
    path("", include("sme2go.organisations.urls")),
    path("programmes/", include("sme2go.programmes.urls")),
    path("companies/", include("sme2go.companies.urls")),
    path("", include("sme2go.matches.urls")),
    path("needs/", include("sme2go.needs.urls")),
    path("missions/", include("sme2go.missions.urls")),
    path("missions/", include("sme2go.planning.urls")),
    path("", include("sme2go.agendas.urls")),
    path("", include("sme2go.audit.urls")),
    path("accounts/tokens/", include("sme2go.api.urls")),
    path("api/v1/", api_urls),
    path("exports/", include("sme2go.exports.urls")),
    path("imports/", include("sme2go.imports.urls")),
    path("readiness/", include("sme2go.readiness.urls")),
    path("follow-up/", include("sme2go.followup.urls")),
    path("dossiers/", include("sme2go.dossiers.urls")),
    path("reports/", include("sme2go.reporting.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "sme2go.core.errors.bad_request"
handler403 = "sme2go.core.errors.permission_denied"
handler404 = "sme2go.core.errors.page_not_found"
handler500 = "sme2go.core.errors.server_error"
