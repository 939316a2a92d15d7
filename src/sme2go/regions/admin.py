from django.contrib import admin

from sme2go.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Reference data shared by all programmes; ``Region.clean`` rejects cycles on save."""

    list_display = ("name", "name_zh", "kind", "parent", "country_code")
    list_filter = ("kind",)
    search_fields = ("name", "name_zh")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
