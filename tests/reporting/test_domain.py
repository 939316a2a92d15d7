"""Indicator definitions: the domain functions, their refusals, and the forms."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sme2go.reporting.catalogue import READY_MADE
from sme2go.reporting.domain import (
    add_ready_made_indicators,
    create_indicator,
    delete_indicator,
    update_indicator,
)
from sme2go.reporting.models import IndicatorDefinition
from tests.pagetext import page_text

pytestmark = pytest.mark.django_db


def fields(**extra):
    return {
        "code": "KPI-1",
        "name": "Companies on missions",
        "definition": "",
        "counts": "",
        "record_type": "companies_supported",
        **extra,
    }


def test_an_unknown_record_type_is_refused_naming_the_known_ones(programme_a):
    with pytest.raises(ValidationError) as raised:
        create_indicator(
            actor=programme_a.operator_user,
            programme=programme_a.programme,
            **fields(record_type="happy_customers"),
        )
    message = raised.value.message_dict["record_type"][0]
    assert message.startswith("“happy_customers” is not a countable record type. Known types: ")
    assert "organisations_cooperating" in message
    assert not IndicatorDefinition.objects.exists()


def test_the_form_refuses_an_unknown_record_type_and_a_taken_code(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    path = reverse("reporting:indicator_create", kwargs={"programme_pk": programme_a.programme.pk})
    response = client.post(path, fields(record_type="happy_customers"))
    assert response.status_code == 200
    assert "Select a valid choice. happy_customers is not one of the available choices." in (
        page_text(response)
    )
    assert client.post(path, fields()).status_code == 302
    response = client.post(path, fields(code="kpi-1"))
    assert "The programme already has an indicator kpi-1." in page_text(response)
    assert list(IndicatorDefinition.objects.values_list("code", flat=True)) == ["KPI-1"]


def test_a_code_is_letters_digits_and_punctuation(programme_a):
    with pytest.raises(ValidationError) as raised:
        create_indicator(actor=None, programme=programme_a.programme, **fields(code="RCO 87; DROP"))
    assert raised.value.message_dict["code"] == [
        "Use letters, digits, dots, hyphens and underscores, e.g. RCO87."
    ]


def test_ready_made_indicators_are_added_once_and_edits_kept(programme_a):
    programme = programme_a.programme
    added = add_ready_made_indicators(actor=programme_a.operator_user, programme=programme)
    assert [d.code for d in added] == [ready.code for ready in READY_MADE]
    assert [d.position for d in added] == list(range(1, len(READY_MADE) + 1))
    rco87 = IndicatorDefinition.objects.get(programme=programme, code="RCO87")
    update_indicator(actor=programme_a.operator_user, indicator=rco87, name="Cooperating orgs")
    delete_indicator(
        actor=programme_a.operator_user,
        indicator=IndicatorDefinition.objects.get(programme=programme, code="RCO04"),
    )
    again = add_ready_made_indicators(actor=programme_a.operator_user, programme=programme)
    assert [d.code for d in again] == ["RCO04"]
    rco87.refresh_from_db()
    assert rco87.name == "Cooperating orgs"
    assert IndicatorDefinition.objects.filter(programme=programme).count() == len(READY_MADE)


def test_only_the_programmes_operators_write(programme_a, programme_b):
    for user in (programme_a.company_user, programme_a.host_user, programme_b.operator_user):
        with pytest.raises(PermissionDenied):
            create_indicator(actor=user, programme=programme_a.programme, **fields())
        with pytest.raises(PermissionDenied):
            add_ready_made_indicators(actor=user, programme=programme_a.programme)
    definition = programme_a.indicatordefinition
    with pytest.raises(PermissionDenied):
        update_indicator(actor=programme_b.operator_user, indicator=definition, name="x")
    with pytest.raises(PermissionDenied):
        delete_indicator(actor=programme_b.operator_user, indicator=definition)
    assert IndicatorDefinition.objects.count() == 1


def test_the_indicator_pages(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    programme = programme_a.programme
    response = client.post(
        reverse("reporting:indicator_ready_made", kwargs={"programme_pk": programme.pk}),
        follow=True,
    )
    text = page_text(response)
    assert "Added RCO01, RCO04, RCO87, RCR84, P-MEETINGS-REQUESTED" in text
    assert "RCR84 Organisations cooperating across borders after project completion" in text
    rco01 = IndicatorDefinition.objects.get(programme=programme, code="RCO01")
    edit = reverse("reporting:indicator_edit", kwargs={"indicatordefinition_pk": rco01.pk})
    response = client.post(
        edit,
        fields(code="RCO01", name="Enterprises supported", record_type="companies_supported"),
    )
    assert response.status_code == 302
    rco01.refresh_from_db()
    assert (rco01.name, rco01.definition, rco01.position) == ("Enterprises supported", "", 1)
    response = client.post(
        edit, fields(code="RCO01", name="Enterprises supported", position="", counts="All.")
    )
    assert response.status_code == 302
    rco01.refresh_from_db()
    assert (rco01.counts, rco01.position) == ("All.", 1)
    client.post(edit, fields(code="RCO01", name="Enterprises supported", position="12"))
    rco01.refresh_from_db()
    assert rco01.position == 12
    response = client.post(
        reverse("reporting:indicator_delete", kwargs={"indicatordefinition_pk": rco01.pk}),
        follow=True,
    )
    assert "Indicator RCO01 deleted." in page_text(response)
    assert not IndicatorDefinition.objects.filter(code="RCO01").exists()
