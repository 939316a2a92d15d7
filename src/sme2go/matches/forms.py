from django import forms
from django.utils.translation import gettext_lazy as _

from sme2go.matches.models import MatchProposal


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=MatchProposal.Status.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when rejecting."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))
