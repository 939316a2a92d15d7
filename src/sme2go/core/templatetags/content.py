"""Content in the reader's language: ``{% load content %}``.

``{% translated need "title" %}`` shows the text in the reader's language where someone
entered it; otherwise the original, in a ``lang`` span marked with its language's name,
e.g. ``<span lang="en">Smart parking</span> <small class="lang-note">(英语)</small>``
(names only get the ``lang`` span).
``"FI"|country_name`` and ``"fi"|language_name_of`` (and ``|country_names``,
``|language_names`` for lists) name codes in the reader's language.
"""

from __future__ import annotations

from django import template
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django_countries import countries

from sme2go.core.content_language import language_name, shown, text_in

register = template.Library()


# A name is read as it is in any language ("Kirkasvirta Water Oy" is no English text): an
# untranslated one gets its lang attribute, not a "(English)" note beside every mention.
UNMARKED_FIELDS = frozenset({"name"})


@register.simple_tag
def translated(obj: models.Model | None, field: str) -> SafeString | str:
    """``obj.field`` for the reader (see module docstring); empty for no object."""
    if obj is None:
        return ""
    text = shown(obj, field)
    if not text.foreign:
        return text.text
    if field in UNMARKED_FIELDS:
        return format_html('<span lang="{}">{}</span>', text.language, text.text)
    return format_html(
        '<span lang="{}">{}</span> <small class="lang-note">({})</small>',
        text.language,
        text.text,
        text.language_name,
    )


@register.simple_tag
def also_in(
    obj: models.Model | None, field: str, language: str, before: str = " ", after: str = ""
) -> SafeString | str:
    """``obj.field`` in ``language`` as ``<span lang=…>``, between ``before`` and ``after``,
    beside what the reader sees (a host's Chinese name in the Finnish UI, for the trip);
    nothing when there is none or it is what the reader sees anyway."""
    if obj is None:
        return ""
    text = text_in(obj, field, language)
    if not text or text == shown(obj, field).text:
        return ""
    return format_html('{}<span lang="{}">{}</span>{}', before, language, text, after)


@register.filter
def country_name(code: str) -> str:
    """An ISO 3166 code named in the reader's language ("FI" → "芬兰"); unknown codes
    are shown as they are."""
    return str(countries.name(code) or code)


@register.filter
def language_name_of(code: str) -> str:
    """A language code named in the reader's language ("fi" → "Finnish", "suomi"…)."""
    return language_name(code)


@register.filter
def country_names(codes: list[str]) -> str:
    """Country codes named and joined with commas."""
    return ", ".join(country_name(code) for code in codes)


@register.filter
def language_names(codes: list[str]) -> str:
    """Language codes named and joined with commas."""
    return ", ".join(language_name(code) for code in codes)
