from django.contrib import admin

from sme2go.agendas.models import CalendarFeed, RegionTimeZone
from sme2go.core.admin import ScopedAdmin


@admin.register(RegionTimeZone)
class RegionTimeZoneAdmin(admin.ModelAdmin):
    list_display = ("region", "time_zone")
    autocomplete_fields = ("region",)
    search_fields = ("region__name", "time_zone")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ScopedAdmin):
    """Users see (and may revoke) only their own feeds; the token hash is never shown."""

    list_display = ("user", "created_at", "revoked_at")
    fields = ("user", "created_at", "revoked_at")
    readonly_fields = ("user", "created_at")

    def has_add_permission(self, request):
        return False
