"""Forms for hosts, counterparts and contact persons; views hand cleaned data to ``domain``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sme2go.core.forms import TranslatedTextsForm, add_translation_fields
from sme2go.core.tenancy import scoped
from sme2go.organisations.models import ContactPerson, Organisation
from sme2go.programmes.models import Programme
from sme2go.regions.forms import RegionChoiceField

HOST_FIELDS = [
    "name",
    "original_language",
    "host_type",
    "region",
    "sector",
    "description",
    "website",
]
COUNTERPART_FIELDS = ["name", "original_language", "region", "sector", "description", "website"]


class OrganisationForm(TranslatedTextsForm):
    """A host's or counterpart's own details; the host type only for hosts."""

    region = RegionChoiceField(label=_("Region"), required=False)

    class Meta:
        model = Organisation
        fields = HOST_FIELDS

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.kind = kind
        if kind != Organisation.Kind.HOST:
            del self.fields["host_type"]
        # The name in other languages, right after the original and its language.
        translations = add_translation_fields(self)
        order = [name for name in self.fields if name not in translations]
        at = order.index("original_language") + 1
        self.order_fields([*order[:at], *translations, *order[at:]])


class NewOrganisationForm(OrganisationForm):
    """A new host or counterpart, enrolled in one of the programmes the user runs."""

    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), label=_("Programme"))

    field_order = ["programme"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programmes = scoped(Programme, user, "change")
        self.fields["programme"].queryset = programmes
        only = list(programmes.values_list("pk", flat=True)[:2])
        if len(only) == 1:
            self.initial.setdefault("programme", only[0])


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "title", "email", "phone", "languages"]
