"""Admin of follow-up records, scoped like the pages. Writes belong in the pages (their
rules are the domain's); the admin is for staff to look and to correct."""

from __future__ import annotations

from django.contrib import admin

from sme2go.core.admin import ScopedAdmin
from sme2go.followup.models import (
    Agreement,
    AgreementEvidence,
    CheckIn,
    Lead,
    LeadStageChange,
    MeetingFeedback,
    MeetingOutcome,
    NextStep,
)


class StageChangeInline(admin.TabularInline):
    model = LeadStageChange
    extra = 0
    fields = ("from_stage", "to_stage", "event_text", "note", "changed_by", "changed_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Lead)
class LeadAdmin(ScopedAdmin):
    list_display = ("title", "company", "counterpart", "stage", "owner", "stage_changed_at")
    list_filter = ("stage",)
    search_fields = ("title", "company__name", "counterpart__name")
    list_select_related = ("company", "counterpart", "owner")
    raw_id_fields = ("programme", "mission", "company", "counterpart", "source_meeting")
    inlines = [StageChangeInline]


@admin.register(NextStep)
class NextStepAdmin(ScopedAdmin):
    list_display = ("text", "lead", "due_on", "owner", "done")
    list_filter = ("done",)
    list_select_related = ("lead__company", "lead__counterpart", "owner")
    raw_id_fields = ("programme", "lead")


@admin.register(Agreement)
class AgreementAdmin(ScopedAdmin):
    list_display = ("kind", "company", "partner", "signed_on", "confirmed_at")
    list_filter = ("kind",)
    list_select_related = ("company", "partner")
    raw_id_fields = ("programme", "mission", "lead", "source_meeting", "company", "partner")
    readonly_fields = ("confirmed_by", "confirmed_at")


@admin.register(AgreementEvidence)
class AgreementEvidenceAdmin(ScopedAdmin):
    list_display = ("original_name", "agreement", "content_type", "size", "uploaded_at")
    list_select_related = ("agreement__company", "agreement__partner")
    readonly_fields = ("file", "content_type", "size", "sha256", "uploaded_by", "uploaded_at")
    raw_id_fields = ("programme", "agreement")


@admin.register(CheckIn)
class CheckInAdmin(ScopedAdmin):
    list_display = ("company", "mission", "months", "due_on", "continues", "reminder_sent_at")
    list_filter = ("months", "continues")
    list_select_related = ("company", "mission")
    raw_id_fields = ("programme", "mission", "company")


@admin.register(MeetingOutcome)
class MeetingOutcomeAdmin(ScopedAdmin):
    list_display = ("meeting", "held", "note", "recorded_at")
    raw_id_fields = ("programme", "mission", "meeting")


@admin.register(MeetingFeedback)
class MeetingFeedbackAdmin(ScopedAdmin):
    list_display = ("meeting", "organisation", "rating", "wants_to_continue")
    list_select_related = ("organisation",)
    raw_id_fields = ("programme", "mission", "meeting", "organisation")
