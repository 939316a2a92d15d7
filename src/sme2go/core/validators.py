"""Bounds that no real record reaches, checked in the models' ``clean()`` methods.

Issue 13 found a travel leg of 9,223,372,036,854,775,807 minutes and a mission from 1900
to 2100 accepted: the database's integer range is not a plausibility check. The bounds
are documented in docs/ARCHITECTURE.md ("Plausible values"); a value outside one is
refused with a message on its field.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext as _

# Dates of planning records (missions, programmes, needs heard, enrolments, certificates).
FIRST_YEAR = 2000
LAST_YEAR = 2100
# Years of a company's reference projects, which may be old.
FIRST_REFERENCE_YEAR = 1900
# Characters of one free-text field typed into a form (a need's description, a company's
# offering): some 3,000 words. The matching engine re-reads these texts on every
# re-ranking, so an unbounded paste costs every adviser's page.
MAX_TEXT_CHARS = 20_000


def year_out_of_range(
    value: dt.date | int | None, first: int = FIRST_YEAR, last: int = LAST_YEAR
) -> str | None:
    """The message for a date (or a year) outside ``first``–``last``, else ``None``."""
    if value is None:
        return None
    year = value if isinstance(value, int) else value.year
    if first <= year <= last:
        return None
    return _("Enter a year between %(first)d and %(last)d.") % {"first": first, "last": last}


def dates_out_of_range(
    obj: models.Model, *fields: str, first: int = FIRST_YEAR, last: int = LAST_YEAR
) -> dict[str, str]:
    """``{field: message}`` for the fields of ``obj`` whose date or year is out of range."""
    errors = {}
    for name in fields:
        message = year_out_of_range(getattr(obj, name), first, last)
        if message:
            errors[name] = message
    return errors


def texts_too_long(obj: models.Model, *fields: str, limit: int = MAX_TEXT_CHARS) -> dict[str, str]:
    """``{field: message}`` for the text fields of ``obj`` longer than ``limit`` characters:
    the same bound as :func:`bound_text`, for writes that do not come through a form."""
    errors = {}
    for name in fields:
        length = len(getattr(obj, name) or "")
        if length > limit:
            errors[name] = _("Enter at most %(limit)d characters (this text has %(length)d).") % {
                "limit": limit,
                "length": length,
            }
    return errors


def bound_text(form: forms.BaseForm, *fields: str, limit: int = MAX_TEXT_CHARS) -> None:
    """Give the text ``fields`` of ``form`` a maximum length (validated, and shown to the
    browser as ``maxlength``)."""
    for name in fields:
        field = form.fields.get(name)
        if field is None:
            continue
        field.max_length = limit
        field.validators.append(MaxLengthValidator(limit))
        field.widget.attrs["maxlength"] = str(limit)
