"""Forms of reporting: an indicator definition, and the report's period."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from sme2go.core.forms import DateInput
from sme2go.core.validators import bound_text
from sme2go.reporting.indicators import RECORD_TYPES, Period
from sme2go.reporting.models import IndicatorDefinition

# A report covers at most this many days (a programme lasts a few years).
MAX_PERIOD_DAYS = 10 * 366


def record_type_choices() -> list[tuple[str, str]]:
    return [(key, f"{record_type.label}") for key, record_type in RECORD_TYPES.items()]


class IndicatorForm(forms.ModelForm):
    """Code, name, texts and the record type, chosen from the registry."""

    record_type = forms.ChoiceField(label=_("counted records"), choices=record_type_choices)
    # Not a model field of the form, so an empty value means "after the others" instead
    # of setting the model's position to nothing.
    position = forms.IntegerField(
        label=_("position"),
        required=False,
        min_value=0,
        max_value=32767,
        help_text=_("Order in the report; empty: after the others."),
    )

    class Meta:
        model = IndicatorDefinition
        fields = ["code", "name", "definition", "counts", "record_type"]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "counts": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bound_text(self, "definition", "counts", limit=5_000)
        if self.instance.pk is not None:
            self.fields["position"].initial = self.instance.position
        self.fields["record_type"].help_text = " ".join(
            f"{record_type.label}: {record_type.description}"
            for record_type in RECORD_TYPES.values()
        )

    def indicator_fields(self) -> dict:
        """The cleaned fields for the domain functions; no position: after the others."""
        fields = dict(self.cleaned_data)
        if fields.get("position") is None:
            fields.pop("position", None)
        return fields

    def validate_unique(self) -> None:
        # The programme is not a form field: the domain function checks the code.
        pass


class PeriodForm(forms.Form):
    """The report's period, from the query string (``?start=&end=``)."""

    start = forms.DateField(label=_("from"), widget=DateInput())
    end = forms.DateField(label=_("until"), widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        for name in ("start", "end"):
            value = cleaned.get(name)
            if value and not dt.date(2000, 1, 1) <= value <= dt.date(2100, 12, 31):
                self.add_error(name, _("Choose a date between 2000 and 2100."))
        if start and end and not self.errors:
            if end < start:
                self.add_error("end", _("The period cannot end before it starts."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("end", _("A report covers at most ten years."))
        return cleaned

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])
