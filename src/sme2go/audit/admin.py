"""The audit log in the admin: read-only for everyone, superusers included."""

from django.contrib import admin

from sme2go.audit.models import AuditEntry
from sme2go.core.admin import ScopedAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ScopedAdmin):
    list_display = ("at", "actor", "action", "content_type", "object_repr", "programme")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "actor__username")
    list_select_related = ("actor", "content_type", "programme")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        # No delete page at all: it would answer 403 before looking the entry up, so an
        # entry of another programme would not answer 404 like everything else.
        return [
            url for url in super().get_urls() if not url.name or not url.name.endswith("_delete")
        ]
