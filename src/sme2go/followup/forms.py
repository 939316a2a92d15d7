"""Forms of follow-up. They validate the shape of the input; the rules (who, which
meeting, which dates) are the domain's, shown on these forms by ``core.views.form_page``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sme2go.core.forms import DateInput
from sme2go.core.validators import bound_text
from sme2go.followup.models import MAX_NOTES_CHARS, Agreement, Lead, MeetingOutcome
from sme2go.organisations.models import Organisation

YES_NO = ((True, _("Yes")), (False, _("No")))


def yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
    )


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.get_username()
        membership = getattr(obj, "membership", None)
        return f"{name} ({membership.organisation.name})" if membership else name


class FeedbackForm(forms.Form):
    """One side's feedback; ``sides`` (for operator staff) lets them name the side."""

    organisation = OrganisationChoiceField(
        label=_("Feedback of"), queryset=Organisation.objects.none()
    )
    rating = forms.TypedChoiceField(
        label=_("How useful was the meeting?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = not useful, 5 = very useful"),
    )
    wants_to_continue = yes_no(_("Do you want to continue with this partner?"))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, sides: QuerySet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if sides is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = sides
        bound_text(self, "notes", limit=MAX_NOTES_CHARS)


class OutcomeForm(forms.Form):
    held = yes_no(_("Did the meeting take place?"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MeetingOutcome._meta.get_field("note").max_length,
        help_text=_("e.g. why it did not take place"),
    )


class LeadForm(forms.Form):
    """A new lead on a mission: ``companies`` of the mission, ``counterparts`` enrolled in
    its programme, ``meetings`` of its published schedule, ``owners`` its advisers."""

    company = OrganisationChoiceField(label=_("Company"), queryset=Organisation.objects.none())
    counterpart = OrganisationChoiceField(
        label=_("Counterpart organisation"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(
        label=_("What it is about"), max_length=Lead._meta.get_field("title").max_length
    )
    source_meeting = forms.ModelChoiceField(
        label=_("From the meeting"), queryset=Organisation.objects.none(), required=False
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=[(s.value, s.label) for s in Lead.PIPELINE])
    owner = UserChoiceField(label=_("Owner"), queryset=Organisation.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(
        self,
        *args: Any,
        companies: QuerySet,
        counterparts: QuerySet,
        meetings: QuerySet,
        owners: QuerySet,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        self.fields["counterpart"].queryset = counterparts
        self.fields["source_meeting"].queryset = meetings
        self.fields["source_meeting"].label_from_instance = meeting_label
        self.fields["owner"].queryset = owners


def meeting_label(meeting: Any) -> str:
    """``Istuin Design Oy – Zhucheng Hengmu Seating, 17/03/2027``: a meeting in a choice."""
    request = meeting.request
    day = date_format(meeting.day.date, "SHORT_DATE_FORMAT")
    return f"{request.requester.name} – {request.counterpart.name}, {day}"


class LeadEditForm(forms.Form):
    title = forms.CharField(
        label=_("What it is about"), max_length=Lead._meta.get_field("title").max_length
    )
    counterpart = OrganisationChoiceField(
        label=_("Counterpart organisation"), queryset=Organisation.objects.none()
    )
    owner = UserChoiceField(label=_("Owner"), queryset=Organisation.objects.none(), required=False)

    def __init__(self, *args: Any, counterparts: QuerySet, owners: QuerySet, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["counterpart"].queryset = counterparts
        self.fields["owner"].queryset = owners


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), choices=Lead.Stage.choices)
    reason = forms.CharField(
        label=_("Why it was lost"),
        required=False,
        max_length=Lead._meta.get_field("lost_reason").max_length,
        help_text=_("needed when the lead is lost"),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class NextStepForm(forms.Form):
    text = forms.CharField(label=_("Next step"), max_length=500)
    due_on = forms.DateField(label=_("Due"), widget=DateInput())
    owner = UserChoiceField(label=_("Owner"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, owners: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


def kind_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The agreement types grouped by category, for a grouped select."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for kind in Agreement.Kind:
        category = Agreement.Category(Agreement.CATEGORY_OF[kind])
        groups.setdefault(category.label, []).append((kind.value, kind.label))
    return [("", "---------"), *groups.items()]


class EvidenceFileField(forms.FileField):
    """A file field whose size and type the domain checks (by content), so that every
    refusal reads the same whichever path the file came by."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of agreement"), choices=kind_choices)
    company = OrganisationChoiceField(label=_("Company"), queryset=Organisation.objects.none())
    partner = OrganisationChoiceField(label=_("Partner"), queryset=Organisation.objects.none())
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    description = forms.CharField(
        label=_("Short description"), widget=forms.Textarea(attrs={"rows": 3})
    )
    source_meeting = forms.ModelChoiceField(
        label=_("From the meeting"), queryset=Organisation.objects.none(), required=False
    )
    file = EvidenceFileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("The signed agreement or a photo of it: PDF, PNG or JPEG, at most 10 MB."),
    )

    def __init__(
        self,
        *args: Any,
        companies: QuerySet,
        partners: QuerySet,
        meetings: QuerySet,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        self.fields["partner"].queryset = partners
        self.fields["source_meeting"].queryset = meetings
        self.fields["source_meeting"].label_from_instance = meeting_label
        bound_text(self, "description", limit=MAX_NOTES_CHARS)


class EvidenceForm(forms.Form):
    file = EvidenceFileField(
        label=_("Evidence file"), help_text=_("PDF, PNG or JPEG, at most 10 MB.")
    )
    description = forms.CharField(label=_("What it shows"), required=False, max_length=200)


class CheckInForm(forms.Form):
    continues = yes_no(_("Does the cooperation continue?"))
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("e.g. orders placed, a visit planned, why it stopped"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_text(self, "notes", limit=MAX_NOTES_CHARS)
