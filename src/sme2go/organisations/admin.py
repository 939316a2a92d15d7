from django.contrib import admin

from sme2go.core.admin import ScopedAdmin
from sme2go.organisations.models import ContactPerson, Membership, Organisation


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    list_display = ("name", "name_zh", "kind", "host_type", "region", "sector")
    list_filter = ("kind", "host_type")
    search_fields = ("name", "sector")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)
    inlines = [ContactPersonInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ("user", "organisation", "role")
    list_filter = ("role", "organisation__kind")
    search_fields = ("user__username", "user__email", "organisation__name")
    list_select_related = ("user", "organisation")
    autocomplete_fields = ("user", "organisation")


@admin.register(ContactPerson)
class ContactPersonAdmin(ScopedAdmin):
    list_display = ("name", "title", "organisation", "email", "phone")
    search_fields = ("name", "email", "organisation__name")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)
