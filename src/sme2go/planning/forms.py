"""Forms of mission planning. They validate input; planning.domain writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sme2go.core.forms import TimeInput
from sme2go.matches.models import MatchProposal
from sme2go.missions.models import ItineraryDay, Mission
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from sme2go.planning.domain import (
    check_tables,
    itinerary_cities,
    meeting_party_choices,
    unavailability_organisation_choices,
)
from sme2go.planning.models import (
    DaySlotSettings,
    Interpreter,
    MeetingRequest,
    SlotSettings,
    Unavailability,
    Venue,
)
from sme2go.regions.models import Region


class PartyField(forms.ModelChoiceField):
    """An organisation labelled with its kind and place: ``Qingquan Water (Counterpart,
    Rizhao)``. The queryset selects the region, so labels cost no queries."""

    def label_from_instance(self, obj: Organisation) -> str:
        name = f"{obj.name} {obj.name_zh}".strip()
        details = [obj.get_kind_display()]
        if obj.region is not None:
            details.append(obj.region.name)
        return f"{name} ({', '.join(details)})"


def _model_field(name: str, **kwargs: Any) -> forms.Field:
    """The form field of a :class:`MeetingRequest` field: its label, choices and checks."""
    return MeetingRequest._meta.get_field(name).formfield(**kwargs)


class MeetingRequestForm(forms.Form):
    """A new request. Operator staff choose the requesting company among the mission's
    and may mark must-meet; a company user requests for its own company.

    ``proposal`` (hidden) comes from an approved match, ``need`` from a need page or the
    operator's choice; either prefills the counterpart (the need's host) and the purpose. A plain form, not a model
    form: the domain checks the pair (to oneself, duplicates) and names the records.
    """

    requester = PartyField(label=_("Requesting company"), queryset=Organisation.objects.none())
    counterpart = PartyField(label=_("Meet with"), queryset=Organisation.objects.none())
    priority = _model_field("priority")
    purpose = _model_field("purpose", widget=forms.Textarea(attrs={"rows": 3}))
    language = _model_field("language")
    must_meet = _model_field("must_meet")
    proposal = forms.ModelChoiceField(
        queryset=MatchProposal.objects.none(), required=False, widget=forms.HiddenInput
    )
    need = forms.ModelChoiceField(
        label=_("About the need"), queryset=Need.objects.none(), required=False
    )

    field_order = ["requester", "counterpart", "need", "priority", "purpose", "language"]

    def __init__(
        self,
        *args: Any,
        mission: Mission,
        company: Organisation | None,
        proposals: Any,
        needs: Any,
        **kwargs: Any,
    ) -> None:
        """``company``: the user's own company (``None`` for operator staff);
        ``proposals``/``needs``: the approved matches and needs the user may start from."""
        super().__init__(*args, **kwargs)
        self.fields["counterpart"].queryset = meeting_party_choices(mission)
        self.fields["proposal"].queryset = proposals
        self.fields["need"].queryset = needs
        if company is None:
            self.fields["requester"].queryset = mission.companies.select_related("region").order_by(
                "name"
            )
        else:
            del self.fields["requester"]
            del self.fields["must_meet"]
            # A company comes to a need through its approved match only.
            self.fields["need"].widget = forms.HiddenInput()
            self.fields["counterpart"].queryset = meeting_party_choices(mission).exclude(
                pk=company.pk
            )
        source = self.initial.get("proposal") or self.initial.get("need")
        if source is not None:
            need = source.need if isinstance(source, MatchProposal) else source
            self.initial.setdefault("need", need)
            self.initial.setdefault("counterpart", need.host_id)
            self.initial.setdefault("purpose", need.title)

    def domain_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("requester", None)
        return data


class AnswerForm(forms.Form):
    """Accept or decline a request, with an optional note to the requester."""

    note = forms.CharField(
        label=_("Note to the requester"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SlotSettingsForm(forms.ModelForm):
    class Meta:
        model = SlotSettings
        fields = [
            "slot_minutes",
            "day_start",
            "day_end",
            "break_start",
            "break_end",
            "fairness",
            "time_limit_s",
            "time_zone",
        ]
        widgets = {
            "day_start": TimeInput(),
            "day_end": TimeInput(),
            "break_start": TimeInput(),
            "break_end": TimeInput(),
        }


class DaySlotSettingsForm(forms.ModelForm):
    class Meta:
        model = DaySlotSettings
        fields = ["no_meetings", "slot_minutes", "day_start", "day_end", "break_start", "break_end"]
        widgets = {
            "day_start": TimeInput(),
            "day_end": TimeInput(),
            "break_start": TimeInput(),
            "break_end": TimeInput(),
        }
        help_texts = {
            "slot_minutes": _("Empty fields take the mission's slot settings."),
            "break_start": _("A break given here replaces the mission's break on this day."),
        }


class VenueForm(forms.ModelForm):
    """A venue; the city is chosen among the itinerary's cities."""

    city = forms.ModelChoiceField(label=_("City"), queryset=Region.objects.none())

    class Meta:
        model = Venue
        fields = ["city", "name", "address", "tables"]

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = itinerary_cities(mission)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Before the model's own check, so the message names the venue.
        try:
            check_tables(cleaned.get("name", ""), cleaned.get("tables"))
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class InterpreterForm(forms.ModelForm):
    class Meta:
        model = Interpreter
        fields = ["language", "name", "capacity"]


class UnavailabilityForm(forms.ModelForm):
    """When a party of the mission's meetings cannot meet, on one of its days."""

    day = forms.ModelChoiceField(label=_("Day"), queryset=ItineraryDay.objects.none())
    organisation = PartyField(label=_("Organisation"), queryset=Organisation.objects.none())

    class Meta:
        model = Unavailability
        fields = ["day", "organisation", "start_time", "end_time", "reason"]
        widgets = {"start_time": TimeInput(), "end_time": TimeInput()}

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].queryset = mission.days.select_related("city").order_by("date")
        self.fields["organisation"].queryset = unavailability_organisation_choices(mission)
