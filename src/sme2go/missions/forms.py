"""Forms of missions and their itinerary. They validate input; missions.domain writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from sme2go.core.forms import DateInput, TimeInput, TranslatedTextsForm, add_translation_fields
from sme2go.core.tenancy import scoped
from sme2go.missions.domain import (
    participating_company_choices,
    staff_choices,
    visit_organisation_choices,
)
from sme2go.missions.models import ItineraryDay, Mission, TravelLeg, Visit
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Programme
from sme2go.regions.forms import RegionChoiceField, region_label
from sme2go.regions.models import Region

PLACE_KINDS = (Region.Kind.CITY, Region.Kind.ZONE)


class PlaceField(RegionChoiceField):
    """A city or zone, labelled with its full path: where a delegation spends a day or
    travels to."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.queryset = self.queryset.filter(kind__in=PLACE_KINDS)


class RegionsField(forms.ModelMultipleChoiceField):
    """Several regions below country level, labelled with their full path in one query."""

    def __init__(self, **kwargs: Any) -> None:
        queryset = (
            Region.objects.exclude(kind=Region.Kind.COUNTRY)
            .select_related("parent__parent__parent")
            .order_by("parent__parent__name", "parent__name", "name")
        )
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj: Region) -> str:
        return region_label(obj)


class MissionForm(forms.ModelForm):
    """Create (with a programme the user runs) or edit a mission's summary."""

    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), label=_("Programme"))
    destinations = RegionsField(
        label=_("Destination regions"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Provinces, cities and zones the trip goes to. Hold Ctrl (⌘) to choose several."
        ),
    )

    class Meta:
        model = Mission
        fields = [
            "programme",
            "title",
            "start_date",
            "end_date",
            "status",
            "destinations",
            "description",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # A mission stays in its programme: its delegation and hosts are enrolled there.
            del self.fields["programme"]
        else:
            programmes = scoped(Programme, user, "change").order_by("name")
            self.fields["programme"].queryset = programmes
            if len(programmes) == 1:
                # self.initial, not the field: ModelForm fills self.initial from the instance.
                self.initial["programme"] = programmes[0].pk

    def domain_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("programme", None)
        return data


class ItineraryDayForm(forms.ModelForm):
    city = PlaceField(label=_("City"))

    class Meta:
        model = ItineraryDay
        fields = ["date", "city", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class TravelLegForm(forms.ModelForm):
    origin = PlaceField(label=_("From"))
    destination = PlaceField(label=_("To"))

    class Meta:
        model = TravelLeg
        fields = ["origin", "destination", "mode", "departure", "duration_minutes", "notes"]
        widgets = {"departure": TimeInput()}


class VisitOrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        name = f"{obj.name} {obj.name_zh}".strip()
        return f"{name} ({obj.get_kind_display()})"


class VisitForm(TranslatedTextsForm):
    """A visit; the organisation is chosen among hosts and counterparts of the programme."""

    organisation = VisitOrganisationField(
        label=_("Host or counterpart"), queryset=Organisation.objects.none()
    )

    class Meta:
        model = Visit
        fields = [
            "organisation",
            "title",
            "original_language",
            "start_time",
            "end_time",
            "place",
            "notes",
            "companies",
        ]
        widgets = {
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "companies": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = visit_organisation_choices(mission.programme_id)
        self.fields["companies"].queryset = mission.companies.order_by("name")
        # The title in other languages, right after the original and its language.
        translations = add_translation_fields(self)
        order = [name for name in self.fields if name not in translations]
        at = order.index("original_language") + 1
        self.order_fields([*order[:at], *translations, *order[at:]])


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user: Any) -> str:
        name = user.get_full_name() or user.get_username()
        return f"{name} — {user.membership.organisation.name}"


class ParticipantsForm(forms.Form):
    """The delegation: companies enrolled in the programme and partner operator staff."""

    companies = forms.ModelMultipleChoiceField(
        label=_("Participating companies"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    staff = StaffChoiceField(
        label=_("Operator staff travelling"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"companies": list(mission.companies.all()), "staff": list(mission.staff.all())},
        )
        super().__init__(*args, **kwargs)
        self.fields["companies"].queryset = participating_company_choices(mission.programme_id)
        self.fields["staff"].queryset = staff_choices(mission.programme_id)
