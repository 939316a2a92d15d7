"""Content typed by people, in its original language and in translations people entered.

Needs, company offerings, organisation names and visit titles have a column per language
(django-modeltranslation, registered in each app's ``translation.py``). The record also
names the language its text was first written in (``original_language``; a need's
``language``). A reader sees their own language's text where someone entered it,
otherwise the original, marked with its language. Nothing here translates by machine.

The plain attribute (``need.title``) is the *original*, read and written, whatever the
request's language (:func:`plain_names_are_originals`; modeltranslation alone maps it to
the active language's column). So the API, imports, exports and the matching engine see
one stable text, and an import made with ``Accept-Language: zh-hans`` does not file
English text as the Chinese translation. Translations are read and written by column
(``title_zh_hans``); pages show the reader's text through :func:`shown` (the
``translated`` template tag). Lookups on the plain name (``filter(title=…)``, the default
ordering) are modeltranslation's: the active language's column; list searches cover every
column (``core.views.ScopedListView``).
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.db import models
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.manager import append_lookup_key
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname


def original_language_field(**kwargs) -> models.CharField:
    """The language a record's text was first written in (one of the UI languages)."""
    return models.CharField(
        _("original language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the text was first written in; translations are separate."),
        **kwargs,
    )


@dataclass(frozen=True)
class Shown:
    """A text as shown to a reader: the text, its language, and whether that differs."""

    text: str
    language: str
    foreign: bool

    @property
    def language_name(self) -> str:
        """The text's language named in the reader's language, e.g. "英语" for en."""
        return language_name(self.language)


def original_language_of(obj: models.Model) -> str:
    """The language ``obj``'s translated texts were first written in."""
    return getattr(obj, "original_language", None) or getattr(obj, "language", None) or "en"


def language_name(code: str) -> str:
    """A language code (``fi``, ``zh-hans``) named in the active language, from the CLDR
    data Babel ships: "Finnish" in English, "suomi" in Finnish, "芬兰语" in Chinese.
    An unknown code is shown as it is."""
    reader = Locale.parse(to_locale(get_language() or settings.LANGUAGE_CODE))
    try:
        tag = Locale.parse(to_locale(code))
    except (ValueError, UnknownLocaleError):
        return code
    return tag.get_display_name(reader) if tag.script else reader.languages.get(code, code)


def translated_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The fields of ``model`` that have a column per language (none if not registered)."""
    if model not in translator.get_registered_models():
        return ()
    return tuple(translator.get_options_for_model(model).fields)


def translation_columns(model: type[models.Model]) -> frozenset[str]:
    """The per-language columns of ``model``'s translated fields (``title_fi``…)."""
    return frozenset(
        build_localized_fieldname(field, code)
        for field in translated_fields(model)
        for code, _name in settings.LANGUAGES
    )


def lookup_in_every_language(model: type[models.Model], lookup: str) -> set[str]:
    """``lookup`` (``title``, ``host__name``) and its every-language versions
    (``title_fi``…, ``host__name_zh_hans``…), for a search that finds any of them."""
    return (
        append_lookup_key(model, lookup)
        if model in translator.get_registered_models()
        else {lookup}
    )


def original_columns(model: type[models.Model], changes: dict, language: str) -> dict:
    """``changes`` with each translated field's plain name (``title``) renamed to the
    column of ``language``, the record's original language.

    Written as ``need.title = …``, modeltranslation would store the text in the column
    of whatever language the request is in; the domain functions write originals through
    this, so an English text typed in the Chinese UI stays the English original.
    """
    fields = translated_fields(model)
    column_language = ui_language(language)
    result = {key: value for key, value in changes.items() if key not in fields}
    # After the columns given by name, so the original wins over an empty translation
    # field of the same language.
    for key in fields:
        if key in changes:
            result[build_localized_fieldname(key, column_language)] = changes[key]
    return result


def text_in(obj: models.Model, field: str, language: str) -> str:
    """The text of ``field`` entered for ``language`` (empty if nobody entered it)."""
    return getattr(obj, build_localized_fieldname(field, language), None) or ""


def shown(obj: models.Model, field: str, language: str | None = None) -> Shown:
    """What the reader of ``language`` (default: the active one) sees of ``obj.field``.

    Their language's text if someone entered it; else the original language's; else the
    first language that has one (records imported before their original was known).
    """
    reader = ui_language(language or get_language() or settings.LANGUAGE_CODE)
    text = text_in(obj, field, reader)
    if text:
        return Shown(text, reader, foreign=False)
    original = original_language_of(obj)
    candidates = [original] + [code for code, _name in settings.LANGUAGES if code != original]
    for code in candidates:
        text = text_in(obj, field, code)
        if text:
            return Shown(text, code, foreign=code != reader)
    return Shown("", original, foreign=False)


def ui_language(code: str) -> str:
    """The UI language a request's language code stands for (``zh-Hans`` → ``zh-hans``)."""
    code = code.lower()
    codes = [c for c, _name in settings.LANGUAGES]
    if code in codes:
        return code
    base = code.split("-")[0]
    return next((c for c in codes if c.split("-")[0] == base), settings.LANGUAGE_CODE)


class _OriginalDescriptor(TranslationFieldDescriptor):
    """The plain attribute as the original text (modeltranslation's: the active language)."""

    def __get__(self, instance, owner):
        if instance is None:
            return self
        original = original_language_of(instance)
        for code in [original] + [code for code, _name in settings.LANGUAGES]:
            value = text_in(instance, self.field.name, ui_language(code))
            if value:
                return value
        return self.field.get_default()

    def __set__(self, instance, value):
        instance.__dict__[self.field.name] = value
        if getattr(instance, "_mt_init", False) or getattr(instance, "_mt_disable", False):
            return
        language = ui_language(original_language_of(instance))
        setattr(instance, build_localized_fieldname(self.field.name, language), value)


def plain_names_are_originals(model: type[models.Model]) -> None:
    """Make the plain names of ``model``'s translated fields read and write the original.

    Called in each app's ``translation.py`` right after registering the model.
    """
    fields = translated_fields(model)
    for field in fields:
        old = model.__dict__[field]
        setattr(
            model,
            field,
            _OriginalDescriptor(
                old.field, old.fallback_languages, old.fallback_value, old.fallback_undefined
            ),
        )
    patched_init = model.__init__
    names = {f.name for f in model._meta.fields}
    language_field = "original_language" if "original_language" in names else "language"

    def __init__(self, *args, **kwargs):
        if any(field in kwargs for field in fields):
            default = model._meta.get_field(language_field).get_default()
            language = ui_language(kwargs.get(language_field) or default)
            for field in fields:
                if field in kwargs:
                    column = build_localized_fieldname(field, language)
                    value = kwargs.pop(field)
                    # A translation given by column name for the same language loses to
                    # the original.
                    kwargs[column] = value
        patched_init(self, *args, **kwargs)

    model.__init__ = __init__
