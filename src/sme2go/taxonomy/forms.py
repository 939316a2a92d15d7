"""Form fields for taxonomy-tagged records, shared by company profiles and needs.

List-valued model fields (CPV codes, languages, countries) are stored as JSON lists but
entered as one line of text; the model's own validator checks every item, so the form and
the model reject the same input with the same message, on the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sme2go.taxonomy.models import Domain

SEPARATORS = re.compile(r"[\s,;]+")


class CodeListField(forms.CharField):
    """A list of codes typed as comma or space separated text (``fi, en sv``).

    ``normalise`` is applied to each item (e.g. ``str.upper`` for country codes) before
    the validators run; duplicates are dropped, order is kept.
    """

    def __init__(
        self,
        *,
        normalise: Callable[[str], str] = str.strip,
        validators: list[Callable[[list[str]], None]] | tuple = (),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.normalise = normalise
        # CharField validators (max length) would see a list; only the list validators apply.
        self.validators = list(validators)

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, list | tuple):
            items = [str(item) for item in value]
        else:
            items = SEPARATORS.split(str(value or "").strip())
        codes: list[str] = []
        for item in items:
            code = self.normalise(item.strip())
            if code and code not in codes:
                codes.append(code)
        return codes

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, list | tuple):
            return ", ".join(map(str, value))
        return value or ""


class DomainsField(forms.ModelMultipleChoiceField):
    """Smart-city domains as checkboxes, labelled in the user's language."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Smart-city domains"))
        super().__init__(queryset=Domain.objects.all(), **kwargs)
