from django.contrib import admin

from sme2go.core.admin import ScopedAdmin
from sme2go.reporting.models import IndicatorDefinition


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(ScopedAdmin):
    list_display = ("code", "name", "programme", "record_type", "position")
    list_filter = ("programme", "record_type")
    search_fields = ("code", "name")
    list_select_related = ("programme",)
