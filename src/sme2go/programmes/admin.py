from django.contrib import admin

from sme2go.core.admin import ScopedAdmin
from sme2go.programmes.models import Enrolment, Programme


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    fk_name = "programme"
    extra = 0
    autocomplete_fields = ("organisation", "recruited_by")


@admin.register(Programme)
class ProgrammeAdmin(ScopedAdmin):
    list_display = ("name", "funder", "start_date", "end_date")
    search_fields = ("name", "funder")
    filter_horizontal = ("partners",)
    inlines = [EnrolmentInline]


@admin.register(Enrolment)
class EnrolmentAdmin(ScopedAdmin):
    list_display = ("organisation", "programme", "recruited_by", "status", "enrolled_on")
    list_filter = ("status", "organisation__kind", "programme")
    search_fields = ("organisation__name", "programme__name")
    list_select_related = ("organisation", "programme", "recruited_by")
    autocomplete_fields = ("organisation", "recruited_by")
