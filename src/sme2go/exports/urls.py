from django.urls import path

from sme2go.exports import views
from sme2go.exports.tabular import FORMATS

app_name = "exports"
# One URL per format (``companies.csv``, ``companies.xlsx``…), named ``<list>_<format>``.
urlpatterns = [
    route
    for fmt in FORMATS
    for route in (
        path(f"companies.{fmt}", views.companies, {"fmt": fmt}, name=f"companies_{fmt}"),
        path(f"needs.{fmt}", views.needs, {"fmt": fmt}, name=f"needs_{fmt}"),
        path(f"missions.{fmt}", views.missions, {"fmt": fmt}, name=f"missions_{fmt}"),
        path(
            f"needs/<int:need_pk>/matches.{fmt}",
            views.need_matches,
            {"fmt": fmt},
            name=f"need_matches_{fmt}",
        ),
    )
]
