from django.contrib import admin

from sme2go.core.admin import ScopedAdmin
from sme2go.matches.models import MatchComment, MatchProposal


class MatchCommentInline(admin.TabularInline):
    model = MatchComment
    extra = 0


@admin.register(MatchProposal)
class MatchProposalAdmin(ScopedAdmin):
    list_display = ("need", "company", "rank", "score", "status")
    list_filter = ("status",)
    list_select_related = ("need", "company")
    search_fields = ("need__title", "company__name")
    readonly_fields = ("rank", "score", "reasons", "computed_at")
    inlines = [MatchCommentInline]
