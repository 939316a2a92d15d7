"""Admin of missions and their itinerary, scoped like the UI."""

from __future__ import annotations

from django.contrib import admin

from sme2go.core.admin import ScopedAdmin
from sme2go.missions.models import ItineraryDay, Mission, TravelLeg, Visit
from sme2go.needs.admin import ScopedChoicesMixin


class ItineraryDayInline(admin.TabularInline):
    model = ItineraryDay
    extra = 0
    fields = ("date", "city", "notes")
    show_change_link = True


class TravelLegInline(admin.TabularInline):
    model = TravelLeg
    extra = 0


class VisitInline(ScopedChoicesMixin, admin.TabularInline):
    model = Visit
    extra = 0


@admin.register(Mission)
class MissionAdmin(ScopedChoicesMixin, ScopedAdmin):
    list_display = ("title", "start_date", "end_date", "status", "programme")
    list_filter = ("status",)
    search_fields = ("title", "description")
    list_select_related = ("programme",)
    date_hierarchy = "start_date"
    filter_horizontal = ("destinations", "companies", "staff")
    inlines = [ItineraryDayInline]


@admin.register(ItineraryDay)
class ItineraryDayAdmin(ScopedChoicesMixin, ScopedAdmin):
    list_display = ("date", "city", "mission")
    list_select_related = ("mission", "city")
    search_fields = ("mission__title", "city__name")
    inlines = [TravelLegInline, VisitInline]


@admin.register(TravelLeg)
class TravelLegAdmin(ScopedChoicesMixin, ScopedAdmin):
    list_display = ("day", "origin", "destination", "mode", "departure", "duration_minutes")
    list_select_related = ("day__city", "origin", "destination")


@admin.register(Visit)
class VisitAdmin(ScopedChoicesMixin, ScopedAdmin):
    list_display = ("title", "organisation", "day", "start_time", "end_time", "place")
    list_select_related = ("day__city", "organisation")
    search_fields = ("title", "organisation__name", "place")
