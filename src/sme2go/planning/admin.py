"""Admin of meeting requests and of a mission's time and place, scoped like the UI.

(Solver runs and schedules are registered by the schedule side of the app.)
"""

from __future__ import annotations

from django.contrib import admin

from sme2go.core.admin import ScopedAdmin
from sme2go.needs.admin import ScopedChoicesMixin
from sme2go.planning.models import (
    DaySlotSettings,
    Interpreter,
    MeetingRequest,
    SlotSettings,
    Unavailability,
    Venue,
)


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ScopedChoicesMixin, ScopedAdmin):
    list_display = ("requester", "counterpart", "mission", "priority", "must_meet", "status")
    list_filter = ("status", "must_meet", "priority")
    search_fields = ("requester__name", "counterpart__name", "purpose")
    list_select_related = ("requester", "counterpart", "mission")
    readonly_fields = ("requested_by", "answered_by", "answered_at", "created_at")
    raw_id_fields = ("need", "proposal")


@admin.register(SlotSettings)
class SlotSettingsAdmin(ScopedChoicesMixin, ScopedAdmin):
    list_display = ("mission", "slot_minutes", "day_start", "day_end", "break_start", "break_end")
    list_select_related = ("mission",)


@admin.register(DaySlotSettings)
class DaySlotSettingsAdmin(ScopedChoicesMixin, ScopedAdmin):
    list_display = ("day", "no_meetings", "slot_minutes", "day_start", "day_end")
    list_select_related = ("day__city",)


@admin.register(Venue)
class VenueAdmin(ScopedChoicesMixin, ScopedAdmin):
    list_display = ("name", "city", "tables", "mission")
    list_select_related = ("city", "mission")
    search_fields = ("name", "address")


@admin.register(Interpreter)
class InterpreterAdmin(ScopedChoicesMixin, ScopedAdmin):
    list_display = ("language", "name", "capacity", "mission")
    list_select_related = ("mission",)


@admin.register(Unavailability)
class UnavailabilityAdmin(ScopedChoicesMixin, ScopedAdmin):
    list_display = ("organisation", "day", "start_time", "end_time", "reason")
    list_select_related = ("organisation", "day__city")
    search_fields = ("organisation__name", "reason")
