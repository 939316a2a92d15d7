"""needs.domain: every write path, with good and bad input, against the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sme2go.needs import domain
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from tests import factories

HEARD = dt.date(2026, 3, 17)


def record(world, actor, **overrides):
    kwargs = {
        "actor": actor,
        "programme": world.programme,
        "host": world.host,
        "title": "Sludge drying for the eastern plant",
        "heard_on": HEARD,
        "stated_by": "Deputy mayor's office",
        "mission": world.mission,
        "region": world.city,
        "domains": ["water", "environment"],
        "cpv_codes": ["90481000"],
        "required_languages": ["en"],
    }
    kwargs.update(overrides)
    return domain.record_need(**kwargs)


def test_operator_records_a_need_with_who_when_and_mission(programme_a):
    need = record(programme_a, programme_a.operator_user)

    need = Need.objects.get(pk=need.pk)
    assert (need.programme, need.host, need.stated_by, need.heard_on, need.mission) == (
        programme_a.programme,
        programme_a.host,
        "Deputy mayor's office",
        HEARD,
        programme_a.mission,
    )
    assert sorted(need.domains.values_list("code", flat=True)) == ["environment", "water"]
    assert need.cpv_codes == ["90481000"]
    assert need.required_languages == ["en"]
    assert need.status == Need.Status.OPEN
    assert need.created_by == programme_a.operator_user


def test_host_user_records_a_need_of_its_own_organisation(programme_a):
    need = record(programme_a, programme_a.host_user, mission=None)
    assert need.host == programme_a.host
    assert need.created_by == programme_a.host_user


def test_host_user_cannot_record_a_need_for_another_host(programme_a):
    other = factories.make_organisation("Other host", Organisation.Kind.HOST)
    factories.enrol(programme_a.programme, other)
    with pytest.raises(PermissionDenied):
        record(programme_a, programme_a.host_user, host=other)
    assert not Need.objects.filter(host=other).exists()


def test_company_user_cannot_record_a_need(programme_a):
    with pytest.raises(PermissionDenied):
        record(programme_a, programme_a.company_user)


def test_operator_of_another_programme_cannot_record_a_need(programme_a, programme_b):
    with pytest.raises(PermissionDenied):
        record(programme_a, programme_b.operator_user)


def test_need_without_host_is_rejected_on_the_host_field(programme_a):
    with pytest.raises(ValidationError) as error:
        record(programme_a, programme_a.operator_user, host=None)
    assert error.value.message_dict == {
        "host": ["Name the host organisation that stated this need."]
    }
    assert Need.objects.count() == 1  # only the world's own need


def test_mission_of_another_programme_is_rejected_on_the_mission_field(programme_a, programme_b):
    with pytest.raises(ValidationError) as error:
        record(programme_a, None, mission=programme_b.mission)
    assert error.value.message_dict == {"mission": ["The mission belongs to another programme."]}


def test_host_not_enrolled_in_the_programme_is_rejected(programme_a, programme_b):
    with pytest.raises(ValidationError) as error:
        record(programme_a, programme_a.operator_user, host=programme_b.host)
    assert error.value.message_dict == {
        "host": ["This host organisation is not enrolled in the programme."]
    }


def test_a_counterpart_cannot_state_a_need(programme_a):
    with pytest.raises(ValidationError) as error:
        record(programme_a, programme_a.operator_user, host=programme_a.counterpart)
    assert "host" in error.value.message_dict


def test_bad_codes_are_rejected_on_their_fields(programme_a):
    with pytest.raises(ValidationError) as error:
        record(
            programme_a,
            programme_a.operator_user,
            cpv_codes=["9048"],
            excluded_countries=["usa"],
            required_languages=["English"],
        )
    assert error.value.message_dict == {
        "cpv_codes": ["Not a CPV code: 9048 (expected 8 digits, e.g. 90481000)."],
        "excluded_countries": ["Not an ISO country code: usa (expected two capitals, e.g. CN)."],
        "required_languages": ["Not a language code: English (expected e.g. en, fi, zh)."],
    }


def test_update_need_changes_fields_and_domains(programme_a):
    need = programme_a.need
    domain.update_need(
        actor=programme_a.operator_user,
        need=need,
        title="Wooden kindergarten",
        stated_by="Housing bureau",
        domains=["buildings"],
        cpv_codes=["45211340"],
    )
    need.refresh_from_db()
    assert (need.title, need.stated_by, need.cpv_codes) == (
        "Wooden kindergarten",
        "Housing bureau",
        ["45211340"],
    )
    assert list(need.domains.values_list("code", flat=True)) == ["buildings"]


def test_update_need_rejects_unknown_fields(programme_a):
    with pytest.raises(TypeError, match="programme"):
        domain.update_need(actor=None, need=programme_a.need, programme=None)


def test_host_user_cannot_hand_its_need_to_another_host(programme_a):
    other = factories.make_organisation("Other host", Organisation.Kind.HOST)
    factories.enrol(programme_a.programme, other)
    with pytest.raises(PermissionDenied):
        domain.update_need(actor=programme_a.host_user, need=programme_a.need, host=other)
    programme_a.need.refresh_from_db()
    assert programme_a.need.host == programme_a.host


def test_update_rejects_mission_of_another_programme(programme_a, programme_b):
    with pytest.raises(ValidationError) as error:
        domain.update_need(
            actor=programme_a.operator_user, need=programme_a.need, mission=programme_b.mission
        )
    assert list(error.value.message_dict) == ["mission"]
    assert Need.objects.get(pk=programme_a.need.pk).mission == programme_a.mission


def test_set_need_status(programme_a):
    domain.set_need_status(
        actor=programme_a.operator_user, need=programme_a.need, status=Need.Status.MATCHING
    )
    assert Need.objects.get(pk=programme_a.need.pk).status == "matching"


def test_set_need_status_rejects_unknown_status(programme_a):
    with pytest.raises(ValidationError) as error:
        domain.set_need_status(
            actor=programme_a.operator_user, need=programme_a.need, status="done"
        )
    assert error.value.message_dict == {"status": ["Unknown status: done."]}
    assert Need.objects.get(pk=programme_a.need.pk).status == "open"


def test_company_user_cannot_change_status(programme_a):
    with pytest.raises(PermissionDenied):
        domain.set_need_status(
            actor=programme_a.company_user, need=programme_a.need, status=Need.Status.CLOSED
        )
