"""Forms of the readiness pages. The answer and review forms are built from the
assessment's bank versions: one group of fields per item, named ``<field>:<item id>``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import scoped
from sme2go.missions.models import Mission
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Programme
from sme2go.readiness import presentation, scoring
from sme2go.readiness.bank import Bank
from sme2go.readiness.models import NOTE_MAX_LENGTH, REASON_MAX_LENGTH, Answer, Assessment
from sme2go.readiness.results import scoring_profile

FACT_CHOICES = (("", _("Not sure yet")), ("yes", _("Yes")), ("no", _("No")))


class StartForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    wave = forms.ChoiceField(label=_("Wave"), choices=Assessment.Wave.choices)
    mission = forms.ModelChoiceField(
        label=_("Mission"),
        queryset=Mission.objects.none(),
        required=False,
        help_text=_("The mission whose start date the China blockers are planned back from."),
    )

    def __init__(self, *args: Any, company: Organisation, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programmes = scoped(Programme, user).filter(enrolments__organisation=company)
        self.fields["programme"].queryset = programmes.order_by("name")
        if len(self.fields["programme"].queryset) == 1:
            self.fields["programme"].initial = self.fields["programme"].queryset[0]
        self.fields["mission"].queryset = (
            scoped(Mission, user).filter(companies=company).order_by("start_date")
        )


def field_name(kind: str, item_id: str) -> str:
    return f"{kind}:{item_id}"


class AnswersForm(forms.Form):
    """All items of the assessment's banks; every field optional (save and continue)."""

    def __init__(self, *args: Any, assessment: Assessment, banks: list[Bank], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.assessment, self.banks = assessment, banks
        language = get_language() or "en"
        answers = {(a.bank, a.item_id): a for a in assessment.answers.all()}
        for bank in banks:
            for fact in bank.facts:
                value = assessment.facts.get(fact.id)
                self.fields[field_name("fact", fact.id)] = forms.ChoiceField(
                    label=fact.text.get(language),
                    help_text=fact.help.get(language),
                    choices=FACT_CHOICES,
                    required=False,
                    initial="" if value is None else ("yes" if value else "no"),
                    widget=forms.RadioSelect,
                )
            for item in bank.items:
                answer = answers.get((bank.id, item.id))
                if bank.kind == "generic":
                    choices = [(str(level), str(level)) for level in scoring.SCALE]
                    initial = "" if answer is None or answer.level is None else str(answer.level)
                else:
                    choices = list(Answer.Status.choices)
                    initial = answer.status if answer is not None else ""
                self.fields[field_name("value", item.id)] = forms.ChoiceField(
                    label=item.text.get(language),
                    choices=choices,
                    required=False,
                    initial=initial,
                    widget=forms.RadioSelect,
                )
                if item.allows_na:
                    self.fields[field_name("na", item.id)] = forms.BooleanField(
                        label=_("Does not apply"),
                        required=False,
                        initial=bool(answer and answer.not_applicable),
                    )
                    self.fields[field_name("reason", item.id)] = forms.CharField(
                        label=_("Why not"),
                        required=False,
                        max_length=REASON_MAX_LENGTH,
                        initial=answer.na_reason if answer else "",
                    )
                self.fields[field_name("note", item.id)] = forms.CharField(
                    label=_("Note"),
                    required=False,
                    max_length=NOTE_MAX_LENGTH,
                    initial=answer.note if answer else "",
                )

    def sections(self) -> list[dict]:
        """The page's sections: screening questions per market module, then each
        dimension or group with its items (text, help, anchors, fields)."""
        language = get_language() or "en"
        profile = scoring_profile(self.assessment)
        sections = []
        for bank in self.banks:
            if bank.facts:
                sections.append(
                    {
                        "id": f"{bank.id}-facts",
                        "title": _("%(module)s: about your offering")
                        % {"module": bank.title.get(language)},
                        "facts": [self[field_name("fact", f.id)] for f in bank.facts],
                    }
                )
            for group in bank.groups:
                items = []
                for item in bank.items_of(group.id):
                    value = self[field_name("value", item.id)]
                    if bank.kind == "generic":
                        explanations = [a.get(language) for a in item.anchors]
                    else:
                        explanations = [str(label) for _code, label in Answer.Status.choices]
                    items.append(
                        {
                            "item": item,
                            "text": item.text.get(language),
                            "help": item.help.get(language),
                            "done_when": item.done_when.get(language),
                            "criticality": presentation.CRITICALITY_LABELS[item.criticality]
                            if bank.kind == "market"
                            else "",
                            "anchors": [a.get(language) for a in item.anchors],
                            "value": value,
                            "choices": list(zip(value.subwidgets, explanations, strict=True)),
                            "na": self[field_name("na", item.id)] if item.allows_na else None,
                            "reason": self[field_name("reason", item.id)]
                            if item.allows_na
                            else None,
                            "note": self[field_name("note", item.id)],
                            "applies": scoring.applies(item.applies_if, profile),
                            "kind": bank.kind,
                        }
                    )
                sections.append(
                    {"id": group.id, "title": group.title.get(language), "items": items}
                )
        return sections

    def answers(self) -> dict[str, dict[str, Any]]:
        """The answers as ``save_answers`` takes them."""
        data = self.cleaned_data
        result = {}
        for bank in self.banks:
            for item in bank.items:
                value = data.get(field_name("value", item.id)) or None
                result[item.id] = {
                    ("level" if bank.kind == "generic" else "status"): (
                        int(value) if value is not None and bank.kind == "generic" else value
                    ),
                    "not_applicable": bool(data.get(field_name("na", item.id))),
                    "na_reason": data.get(field_name("reason", item.id), ""),
                    "note": data.get(field_name("note", item.id), ""),
                }
        return result

    def facts(self) -> dict[str, bool | None]:
        values = {"yes": True, "no": False}
        return {
            fact.id: values.get(self.cleaned_data.get(field_name("fact", fact.id)) or "")
            for bank in self.banks
            for fact in bank.facts
        }

    def add_item_errors(self, errors: dict[str, list[str]]) -> None:
        """A domain ``ValidationError`` keyed by item id, shown at the item's answer."""
        for key, messages in errors.items():
            name = field_name("value", key)
            if name not in self.fields:
                name = field_name("fact", key)
            self.add_error(name if name in self.fields else None, messages)


class ReviewForm(forms.Form):
    """The evidence level of every answered item, and the adviser's note."""

    note = forms.CharField(
        label=_("Adviser's note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].initial = assessment.review_note
        self.answered = list(assessment.answers.all())
        for answer in self.answered:
            self.fields[field_name("evidence", answer.item_id)] = forms.ChoiceField(
                label=answer.item_id,
                choices=Answer.Evidence.choices,
                initial=answer.evidence,
            )

    def evidence(self) -> dict[str, str]:
        return {
            answer.item_id: self.cleaned_data[field_name("evidence", answer.item_id)]
            for answer in self.answered
        }

    def add_item_errors(self, errors: dict[str, list[str]]) -> None:
        for key, messages in errors.items():
            name = field_name("evidence", key)
            self.add_error(name if name in self.fields else None, messages)


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_("PDF, PNG or JPEG, at most 10 MB: a certificate, a filing receipt, a plan."),
    )
    item_id = forms.ChoiceField(label=_("For the answer to"), required=False)

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item_id"].choices = [("", _("The assessment as a whole"))] + [
            (item_id, item_id) for item_id in assessment.answers.values_list("item_id", flat=True)
        ]
