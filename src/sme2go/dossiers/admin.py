from django.contrib import admin

from sme2go.core.admin import ScopedAdmin
from sme2go.dossiers.models import Dossier, DossierVersion, SharingConsent


@admin.register(SharingConsent)
class SharingConsentAdmin(ScopedAdmin):
    """Consents are given and withdrawn on the company's sharing page (the domain checks
    who may); the admin shows them."""

    list_display = ("company", "host", "programme", "basis", "given_at", "withdrawn_at")
    list_filter = ("basis",)
    list_select_related = ("company", "host", "programme")
    search_fields = ("company__name", "host__name")
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Kept as a record; an object outside the user's scope still answers 404 (the
        # admin asks with obj=None before it looks the object up).
        return obj is None and super().has_delete_permission(request)


class DossierVersionInline(admin.TabularInline):
    model = DossierVersion
    fields = ("number", "digest", "created_by", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(ScopedAdmin):
    """Dossiers are prepared and sent on their pages; the admin shows them and their
    versions."""

    list_display = ("host", "need", "mission", "programme", "created_at")
    list_select_related = ("host", "need", "mission", "programme")
    search_fields = ("host__name", "need__title", "mission__title")
    inlines = [DossierVersionInline]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Kept as a record; an object outside the user's scope still answers 404 (the
        # admin asks with obj=None before it looks the object up).
        return obj is None and super().has_delete_permission(request)
