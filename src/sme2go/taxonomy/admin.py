from django.contrib import admin

from sme2go.taxonomy.models import Domain


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    """The fixed smart-city taxonomy; labels are translated in code, only order is data."""

    list_display = ("code", "label", "position")
    list_editable = ("position",)
    ordering = ("position",)
