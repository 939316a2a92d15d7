"""Forms for programmes and enrolments; views pass their cleaned data to ``domain``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sme2go.core.forms import DateInput
from sme2go.core.tenancy import scoped
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Enrolment, Programme

DATE = DateInput()


class ProgrammeForm(forms.ModelForm):
    partners = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.OPERATOR),
        widget=forms.CheckboxSelectMultiple,
        label=_("Partner operators"),
    )

    class Meta:
        model = Programme
        fields = ["name", "funder", "description", "start_date", "end_date", "partners"]
        widgets = {"start_date": DATE, "end_date": DATE}


class EnrolmentForm(forms.ModelForm):
    """Enrol an organisation the user can already see in one more programme."""

    class Meta:
        model = Enrolment
        fields = ["organisation", "recruited_by", "enrolled_on"]
        widgets = {"enrolled_on": DATE}
        help_texts = {
            "recruited_by": _("Required for companies: the partner that manages the company."),
        }

    def __init__(self, *args: Any, programme: Programme, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["organisation"].queryset = (
            scoped(Organisation, user)
            .exclude(kind=Organisation.Kind.OPERATOR)
            .exclude(enrolments__programme=programme)
            .order_by("kind", "name")
        )
        self.fields["organisation"].label_from_instance = lambda org: (
            f"{org.name} ({org.get_kind_display()})"
        )
        self.fields["recruited_by"].queryset = programme.partners.all()


class EnrolmentEditForm(forms.ModelForm):
    class Meta:
        model = Enrolment
        fields = ["recruited_by", "status", "enrolled_on"]
        widgets = {"enrolled_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recruited_by"].queryset = self.instance.programme.partners.all()
