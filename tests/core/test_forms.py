"""Every date and time picker of every form renders a value the browser can show."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil

import pytest
from django import forms
from django.utils import translation

import sme2go
from sme2go.core.forms import DateInput, TimeInput

ISO = {"date": "%Y-%m-%d", "time": "%H:%M"}


def form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for module in pkgutil.iter_modules(sme2go.__path__):
        if not module.ispkg:
            continue
        try:
            forms_module = importlib.import_module(f"sme2go.{module.name}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(forms_module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == forms_module.__name__
            ):
                found.append(value)
    return found


def test_the_walk_finds_the_forms():
    names = {cls.__name__ for cls in form_classes()}
    assert {"TokenForm", "PeriodForm", "MissionForm"} <= names


@pytest.mark.parametrize("cls", form_classes(), ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_pickers_render_iso_values(cls):
    # A date input shows nothing for a localised value (1.1.2027 in Finnish), so an edit
    # form in that language would look empty and a re-save would lose the date.
    for name, field in cls.base_fields.items():
        kind = field.widget.attrs.get("type") or getattr(field.widget, "input_type", None)
        if kind in ISO:
            assert field.widget.format == ISO[kind], f"{cls.__name__}.{name}"


def test_the_shared_pickers_ignore_the_language():
    with translation.override("fi"):
        date = DateInput().render("d", dt.date(2027, 3, 16))
        time = TimeInput().render("t", dt.time(9, 30))
    assert 'type="date"' in date and 'value="2027-03-16"' in date
    assert 'type="time"' in time and 'value="09:30"' in time
