"""Admin base class: the Django admin goes through the same tenant scoping as the UI."""

from __future__ import annotations

from django.contrib import admin
from django.http import Http404

from sme2go.audit.recorder import recording
from sme2go.core.content_language import translation_columns
from sme2go.core.tenancy import scoped


class ScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin that shows staff only the objects their organisation may see.

    An object outside the scope answers 404 (Django's default is a redirect with a
    "does not exist" message, which would reveal nothing but behaves unlike the UI).
    """

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def get_exclude(self, request, obj=None):
        # The admin edits a translated text's original (its plain field); translations
        # are entered in the app's forms. Both at once would let one overwrite the other.
        return (*(super().get_exclude(request, obj) or ()), *translation_columns(self.model))

    # Admin writes are audited like domain calls, with the admin user as the actor. (The
    # hooks, not the views, are wrapped: the views stay Django's own.)
    def save_model(self, request, obj, form, change):
        with recording(request.user, via="admin"):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        with recording(request.user, via="admin"):
            super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        with recording(request.user, via="admin"):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with recording(request.user, via="admin"):
            super().delete_queryset(request, queryset)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return scoped(type(obj), request.user, "change").filter(pk=obj.pk).exists()

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return scoped(type(obj), request.user, "change").filter(pk=obj.pk).exists()

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404
