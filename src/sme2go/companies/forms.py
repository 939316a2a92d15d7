"""Company forms: organisation and profile fields in one form, products, certifications."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sme2go.companies.models import (
    Certification,
    CompanyProfile,
    Product,
    validate_country_codes,
    validate_language_codes,
)
from sme2go.core.forms import TranslatedTextsForm, add_translation_fields
from sme2go.core.tenancy import access_for, scoped
from sme2go.core.validators import bound_text
from sme2go.organisations.models import Organisation
from sme2go.programmes.forms import DATE
from sme2go.programmes.models import Programme
from sme2go.taxonomy.forms import CodeListField, DomainsField
from sme2go.taxonomy.models import validate_cpv_codes

LIST_HELP = _("Separate with commas or spaces.")


class CompanyProfileForm(TranslatedTextsForm):
    """The organisation's name and website together with its export profile."""

    name = forms.CharField(label=_("Company name"), max_length=200)
    name_zh = forms.CharField(label=_("Name in Chinese"), max_length=200, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    domains = DomainsField()
    cpv_codes = CodeListField(
        label=_("CPV codes"),
        validators=[validate_cpv_codes],
        help_text=format_lazy(
            "{}{}", _("8-digit procurement codes, e.g. 45252100, 90481000. "), LIST_HELP
        ),
    )
    languages = CodeListField(
        label=_("Working languages"),
        normalise=str.lower,
        validators=[validate_language_codes],
        help_text=format_lazy("{}{}", _("e.g. fi, en, sv. "), LIST_HELP),
    )
    target_markets = CodeListField(
        label=_("Target markets"),
        normalise=str.upper,
        validators=[validate_country_codes],
        help_text=format_lazy("{}{}", _("Country codes, e.g. CN, IN. "), LIST_HELP),
    )
    excluded_markets = CodeListField(
        label=_("Markets it will not enter"),
        normalise=str.upper,
        validators=[validate_country_codes],
        help_text=LIST_HELP,
    )

    class Meta:
        model = CompanyProfile
        fields = [
            "offering",
            "original_language",
            "domains",
            "cpv_codes",
            "size_band",
            "home_country",
            "languages",
            "target_markets",
            "excluded_markets",
        ]

    field_order = ["name", "name_zh", "website", *Meta.fields]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_text(self, "offering")
        # The offering in other languages, right after the original and its language.
        translations = add_translation_fields(self)
        order = [name for name in self.fields if name not in translations]
        at = order.index("original_language") + 1
        self.order_fields([*order[:at], *translations, *order[at:]])
        organisation = getattr(self.instance, "organisation", None)
        if organisation is not None:
            for field in ("name", "name_zh", "website"):
                self.initial.setdefault(field, getattr(organisation, field))

    def clean_home_country(self) -> str:
        return self.cleaned_data["home_country"].strip().upper()


class NewCompanyForm(CompanyProfileForm):
    """A new company, enrolled in a programme through the operator that recruited it."""

    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), label=_("Programme"))
    recruited_by = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.OPERATOR),
        label=_("Recruited by"),
        required=False,
        help_text=_("The partner operator that manages this company."),
    )

    field_order = ["programme", "recruited_by", *CompanyProfileForm.field_order]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programmes = scoped(Programme, user, "change")
        self.fields["programme"].queryset = programmes
        only = list(programmes.values_list("pk", flat=True)[:2])
        if len(only) == 1:
            self.initial.setdefault("programme", only[0])
        self.fields["recruited_by"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.OPERATOR, partner_of__in=programmes
        ).distinct()
        access = access_for(user)
        if access.is_operator:
            self.initial.setdefault("recruited_by", access.organisation_id)


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["kind", "name", "description", "year", "location"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_text(self, "description")


class CertificationForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["name", "issuer", "valid_until"]
        widgets = {"valid_until": DATE}
