from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import scoped
from sme2go.programmes.models import Programme


class UploadForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX with one sheet; start from the template."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        programmes = scoped(Programme, user, "change").order_by("name")
        self.fields["programme"].queryset = programmes
        if len(programmes) == 1:
            self.fields["programme"].initial = programmes[0]
