"""Forms of the needs register. They validate input; the domain functions write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sme2go.companies.models import validate_country_codes, validate_language_codes
from sme2go.core.forms import (
    OTHER_LANGUAGES,
    DateInput,
    TranslatedTextsForm,
    add_translation_fields,
)
from sme2go.core.tenancy import access_for, scoped
from sme2go.core.validators import bound_text
from sme2go.missions.models import Mission
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Programme
from sme2go.regions.forms import RegionChoiceField
from sme2go.taxonomy.forms import CodeListField, DomainsField
from sme2go.taxonomy.models import validate_cpv_codes


def host_choices(programmes: QuerySet[Programme] | list[int]) -> QuerySet[Organisation]:
    """Host organisations enrolled in any of ``programmes``."""
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.HOST, enrolments__programme__in=programmes
        )
        .distinct()
        .order_by("name")
    )


class NeedForm(TranslatedTextsForm):
    """Record or edit a need. ``user`` decides the choices:

    * operators pick the programme (on creation), a host and a mission among those of
      their programmes; ``record_need`` checks both belong to the chosen programme;
    * host users record needs of their own organisation only, so the host is not a field.
    """

    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), label=_("Programme"))
    region = RegionChoiceField(
        label=_("Region"), required=False, help_text=_("Where the need is (city or zone).")
    )
    domains = DomainsField(label=_("Smart-city domains"))
    cpv_codes = CodeListField(
        label=_("CPV codes"),
        help_text=_("8-digit procurement codes separated by commas, e.g. 90481000, 45252100."),
        validators=[validate_cpv_codes],
    )
    excluded_countries = CodeListField(
        label=_("Companies from these countries do not qualify"),
        help_text=_("Two-letter ISO codes, e.g. US, JP."),
        normalise=str.upper,
        validators=[validate_country_codes],
    )
    required_languages = CodeListField(
        label=_("Required languages"),
        help_text=_("Language codes the company must work in, e.g. en, zh."),
        normalise=str.lower,
        validators=[validate_language_codes],
    )

    # Groups shown as fieldsets so "who said it, when, on which mission" comes first.
    fieldsets = (
        (_("Who said it"), ("programme", "host", "stated_by")),
        (_("When and where it was heard"), ("heard_on", "mission", "region")),
        (_("What is needed"), ("title", "description", "language", "domains", "cpv_codes")),
        (
            _("Conditions for companies"),
            ("excluded_countries", "required_languages", "required_certification"),
        ),
        (_("Answer"), ("answered_by", "answer")),
    )

    class Meta:
        model = Need
        fields = [
            "programme",
            "host",
            "stated_by",
            "heard_on",
            "mission",
            "region",
            "title",
            "description",
            "language",
            "domains",
            "cpv_codes",
            "excluded_countries",
            "required_languages",
            "required_certification",
            "answered_by",
            "answer",
        ]
        widgets = {
            "heard_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "answer": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "heard_on": _("The day the host said it."),
            "mission": _("The mission on which it was heard, if any."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_text(self, "description")
        translations = add_translation_fields(self)
        self.fieldsets = (
            *self.fieldsets[:3],
            (OTHER_LANGUAGES, tuple(translations)),
            *self.fieldsets[3:],
        )
        access = access_for(user)
        if self.instance.pk is not None:
            # The programme of a recorded need is fixed (see needs.domain.EDITABLE_FIELDS).
            del self.fields["programme"]
            programmes: Any = [self.instance.programme_id]
        else:
            programmes = (
                scoped(Programme, user, "change") if access.is_operator else scoped(Programme, user)
            ).order_by("name")
            self.fields["programme"].queryset = programmes
            if len(programmes) == 1:
                # self.initial, not the field: ModelForm fills self.initial from the instance.
                self.initial["programme"] = programmes[0].pk
        if access.is_host:
            del self.fields["host"]
        else:
            host_field = self.fields["host"]
            host_field.queryset = host_choices(programmes)
            host_field.error_messages["required"] = _(
                "Name the host organisation that stated this need."
            )
        self.fields["mission"].queryset = (
            scoped(Mission, user).filter(programme__in=programmes).order_by("-start_date")
        )
        if self.instance.pk is None or not (access.is_operator or access.is_superuser):
            # An answer is recorded on a recorded need, by the programme's operators (a
            # host user does not see the programme's companies).
            del self.fields["answered_by"], self.fields["answer"]
        else:
            self.fields["answered_by"].queryset = Organisation.objects.filter(
                kind=Organisation.Kind.COMPANY, enrolments__programme__in=programmes
            ).order_by("name")

    def grouped_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fieldsets with the bound fields present on this form."""
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.fieldsets
        ]

    def domain_kwargs(self) -> dict[str, Any]:
        """Cleaned data as keyword arguments of ``record_need`` / ``update_need``."""
        data = dict(self.cleaned_data)
        data.pop("programme", None)
        return data


class NeedStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Need.Status.choices)
