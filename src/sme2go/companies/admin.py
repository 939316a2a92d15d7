from django.contrib import admin

from sme2go.companies.models import Certification, CompanyProfile, Product
from sme2go.core.admin import ScopedAdmin


class ProductInline(admin.StackedInline):
    model = Product
    extra = 0


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


@admin.register(CompanyProfile)
class CompanyProfileAdmin(ScopedAdmin):
    list_display = ("organisation", "home_country", "size_band")
    list_filter = ("size_band", "home_country", "domains")
    search_fields = ("organisation__name", "offering")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("domains",)
    inlines = [ProductInline, CertificationInline]


@admin.register(Product)
class ProductAdmin(ScopedAdmin):
    list_display = ("name", "kind", "profile", "year", "location")
    list_filter = ("kind",)
    search_fields = ("name", "profile__organisation__name")
    list_select_related = ("profile__organisation",)
    autocomplete_fields = ("profile",)


@admin.register(Certification)
class CertificationAdmin(ScopedAdmin):
    list_display = ("name", "issuer", "profile", "valid_until")
    search_fields = ("name", "profile__organisation__name")
    list_select_related = ("profile__organisation",)
    autocomplete_fields = ("profile",)
