from django.urls import path

from sme2go.imports import views
from sme2go.imports.domain import KINDS

app_name = "imports"

# A page per kind (not a <kind> keyword), so each has its own URL name and an unknown kind
# is the resolver's 404.
urlpatterns = [
    pattern
    for kind, spec in KINDS.items()
    for pattern in (
        path(f"{spec.SLUG}/", views.upload, {"kind": kind}, name=spec.SLUG),
        path(
            f"{spec.SLUG}/template.csv",
            views.template,
            {"kind": kind, "fmt": "csv"},
            name=f"{spec.SLUG}_template_csv",
        ),
        path(
            f"{spec.SLUG}/template.xlsx",
            views.template,
            {"kind": kind, "fmt": "xlsx"},
            name=f"{spec.SLUG}_template_xlsx",
        ),
        path(
            f"{spec.SLUG}/export.csv",
            views.export,
            {"kind": kind, "fmt": "csv"},
            name=f"{spec.SLUG}_export_csv",
        ),
        path(
            f"{spec.SLUG}/export.xlsx",
            views.export,
            {"kind": kind, "fmt": "xlsx"},
            name=f"{spec.SLUG}_export_xlsx",
        ),
    )
]
urlpatterns.append(path("<int:importlog_pk>/commit/", views.commit, name="commit"))
