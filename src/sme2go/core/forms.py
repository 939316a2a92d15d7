"""Form helpers shared by the apps."""

from __future__ import annotations

import copy

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from sme2go.core.content_language import (
    language_name,
    original_language_of,
    text_in,
    translated_fields,
    ui_language,
)

OTHER_LANGUAGES = _("In other languages")


class DateInput(forms.DateInput):
    """A browser date picker. It takes ISO dates only: a value in the localised format
    (1.1.2027 in Finnish) would show the field empty."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    """A browser time picker (24-hour ``HH:MM``, whatever the language)."""

    input_type = "time"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


class TranslatedTextsForm(forms.ModelForm):
    """A model form whose translated texts were given their language fields by
    :func:`add_translation_fields`; checks the texts that need one language at least."""

    def clean(self) -> dict:
        data = super().clean()
        for field, columns in getattr(self, "texts_in_any_language", {}).items():
            if field in self.errors or any(data.get(name) for name in (field, *columns)):
                continue
            self.add_error(field, _("Enter this text in one language at least."))
        return data


def add_translation_fields(form: forms.ModelForm, names: tuple[str, ...] = ()) -> list[str]:
    """Give ``form`` a field per other language for each translated text it edits.

    The plain field (``title``) edits the original, shown in the record's original
    language whatever the UI language; ``title_fi``, ``title_zh_hans``… edit the
    translations people entered. Returns the added field names, for an "In other
    languages" fieldset. ``names`` limits which translated fields (default: all the form
    has).
    """
    instance = form.instance
    original = ui_language(original_language_of(instance))
    # A required text whose original was never recorded (a Chinese need whose title only
    # exists in English) may stay empty in its original language as long as one language
    # has it: TranslatedTextsForm.clean checks that.
    form.texts_in_any_language = {}
    if "original_language" in form.fields:
        # Left out of a post, the text is in the record's (or the default) language.
        field = form.fields["original_language"]
        form.fields["original_language"] = forms.TypedChoiceField(
            label=field.label,
            choices=settings.LANGUAGES,
            required=False,
            empty_value=original,
            help_text=field.help_text,
            initial=original,
        )
    wanted = names or translated_fields(type(instance))
    # In the form's order (title before description), one language after the other.
    fields = [name for name in form.fields if name in wanted]
    for field in fields:
        if instance.pk is not None:
            form.initial[field] = text_in(instance, field, original)
    added = []
    others = [code for code, _name in settings.LANGUAGES if code != original]
    for field in fields:
        base = form.fields[field]
        recorded = instance.pk is not None
        if base.required and recorded and not text_in(instance, field, original):
            translations = [build_localized_fieldname(field, code) for code in others]
            if any(getattr(instance, column, None) for column in translations):
                base.required = False
                form.texts_in_any_language[field] = translations
    for code, _name in settings.LANGUAGES:
        if code == original:
            continue
        for field in fields:
            base = form.fields[field]
            column = build_localized_fieldname(field, code)
            extra = copy.deepcopy(base)
            extra.required = False
            extra.help_text = ""
            extra.label = format_lazy("{} ({})", base.label, language_name(code))
            form.fields[column] = extra
            form.initial[column] = text_in(instance, field, code)
            added.append(column)
    return added
