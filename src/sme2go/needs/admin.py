"""Admin of the needs register, scoped like the UI."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sme2go.core.admin import ScopedAdmin
from sme2go.core.tenancy import TenantQuerySet, scoped
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation


class ScopedChoicesMixin:
    """Offer only tenant objects the user may see in foreign-key and many-to-many choices,
    so the admin does not list another programme's organisations or missions."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and isinstance(field.queryset, TenantQuerySet):
            field.queryset = scoped(field.queryset, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and isinstance(field.queryset, TenantQuerySet):
            field.queryset = scoped(field.queryset, request.user)
        return field


@admin.register(Need)
class NeedAdmin(ScopedChoicesMixin, ScopedAdmin):
    list_display = ("title", "host", "stated_by", "heard_on", "mission", "status", "programme")
    # No programme filter: its choices would list every programme, not only visible ones.
    list_filter = ("status", "domains")
    search_fields = ("title", "description", "stated_by", "host__name")
    list_select_related = ("host", "mission", "programme")
    date_hierarchy = "heard_on"
    filter_horizontal = ("domains",)
    readonly_fields = ("created_by", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("programme", "host", "stated_by", "heard_on", "mission", "region")}),
        (None, {"fields": ("title", "description", "language", "domains", "cpv_codes")}),
        (None, {"fields": ("excluded_countries", "required_languages", "required_certification")}),
        (None, {"fields": ("status", "answered_by", "answer")}),
        (None, {"fields": ("created_by", "created_at", "updated_at")}),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "host":
            # The same words as the web form: say what is missing, not "required".
            field.error_messages["required"] = _(
                "Name the host organisation that stated this need."
            )
        if db_field.name == "answered_by":
            field.queryset = field.queryset.filter(kind=Organisation.Kind.COMPANY)
        return field

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
