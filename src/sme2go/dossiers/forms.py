"""Forms of host dossiers: consent, sending a dossier."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import Access
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Enrolment

INSTRUCTION_HELP = _(
    "What the company instructed, when and who said it (e.g. 'Consent form signed by the "
    "CEO on 19 March 2027'). An adviser records this only on the company's instruction."
)


def _instruction_field() -> forms.CharField:
    return forms.CharField(
        label=_("The company's instruction"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=INSTRUCTION_HELP,
        max_length=2000,
    )


class ConsentForm(forms.Form):
    """Consent to one host of one of the company's programmes (``programme:host``)."""

    host = forms.ChoiceField(label=_("Host organisation"))

    def __init__(self, *args, company: Organisation, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        programmes = Enrolment.objects.filter(
            organisation=company, status=Enrolment.Status.ACTIVE
        ).values("programme")
        hosts = (
            Enrolment.objects.filter(
                programme__in=programmes,
                organisation__kind=Organisation.Kind.HOST,
                status=Enrolment.Status.ACTIVE,
            )
            .select_related("programme", "organisation")
            .order_by("programme__name", "organisation__name")
        )
        self.pairs = {f"{e.programme_id}:{e.organisation_id}": e for e in hosts}
        self.fields["host"].choices = [
            (key, f"{e.organisation.name} — {e.programme.name}") for key, e in self.pairs.items()
        ]
        if access.is_operator:
            self.fields["instruction"] = _instruction_field()

    def clean_host(self) -> Enrolment:
        return self.pairs[self.cleaned_data["host"]]


class WithdrawForm(forms.Form):
    """Withdrawing needs no field from the company; an adviser gives the instruction."""

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        if access.is_operator:
            self.fields["instruction"] = _instruction_field()


class ShareForm(forms.Form):
    """Send a dossier: to whom, with which companies, on which basis.

    ``companies`` offers every company approved for the dossier's needs (those without
    consent are refused by the domain, and the attempt logged); the page ticks only the
    ones that consented.
    """

    recipient_user = forms.TypedChoiceField(
        label=_("Recipient"), coerce=int, empty_value=None, required=False
    )
    companies = forms.TypedMultipleChoiceField(
        label=_("Companies"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    basis = forms.CharField(
        label=_("Basis"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Why the host receives it, e.g. 'Promised at the meeting of 18 March'."),
    )

    def __init__(self, *args, host: Organisation, approved: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        users = (
            get_user_model()
            .objects.filter(membership__organisation=host)
            .order_by("last_name", "username")
        )
        self.users = {u.pk: u for u in users}
        self.fields["recipient_user"].choices = [
            ("", _("The organisation as a whole")),
            *((u.pk, u.get_full_name() or u.username) for u in users),
        ]
        self.fields["companies"].choices = [(c.pk, c.name) for c in approved]

    def clean_recipient_user(self):
        value = self.cleaned_data["recipient_user"]
        return None if value is None else self.users[value]
