from django.contrib import admin

from sme2go.core.admin import ScopedAdmin
from sme2go.readiness.models import Answer, Assessment, ScoreSnapshot


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ("bank", "item_id", "level", "status", "not_applicable", "na_reason", "evidence")


class SnapshotInline(admin.TabularInline):
    # Snapshots are history: shown, never edited.
    model = ScoreSnapshot
    extra = 0
    can_delete = False
    fields = ("kind", "taken_at", "overall", "verified", "band")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(ScopedAdmin):
    list_display = ("company", "programme", "wave", "status", "started_at")
    list_filter = ("wave", "status", "programme")
    search_fields = ("company__name",)
    list_select_related = ("company", "programme")
    raw_id_fields = ("company", "programme", "mission", "started_by", "submitted_by", "reviewed_by")
    inlines = [AnswerInline, SnapshotInline]
