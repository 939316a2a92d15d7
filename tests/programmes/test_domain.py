"""Programme and enrolment write paths."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sme2go.organisations.models import Organisation
from sme2go.programmes import domain
from sme2go.programmes.models import Enrolment, Programme
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db

MARCH = {"start_date": dt.date(2026, 3, 1), "end_date": dt.date(2026, 3, 31)}


def test_operator_creates_a_programme_it_partners(programme_a):
    programme = domain.create_programme(
        name="Nordic Smart Cities",
        funder="Interreg",
        partners=[programme_a.operator],
        actor=programme_a.operator_user,
        **MARCH,
    )
    programme.refresh_from_db()
    assert (programme.name, programme.funder, programme.start_date) == (
        "Nordic Smart Cities",
        "Interreg",
        dt.date(2026, 3, 1),
    )
    assert list(programme.partners.all()) == [programme_a.operator]


def test_create_programme_reports_all_problems(programme_a, programme_b):
    with pytest.raises(ValidationError) as caught:
        domain.create_programme(
            name="",
            partners=[programme_b.operator],
            actor=programme_a.operator_user,
            start_date=dt.date(2026, 3, 31),
            end_date=dt.date(2026, 3, 1),
        )
    assert caught.value.message_dict == {
        "name": ["This field cannot be blank."],
        "end_date": ["The programme cannot end before it starts."],
        "partners": ["Your own organisation must be one of the partners."],
    }
    with pytest.raises(ValidationError) as caught:
        domain.create_programme(name="X", partners=[programme_a.company], actor=None, **MARCH)
    assert caught.value.message_dict == {"partners": ["Only operators can be programme partners."]}
    assert Programme.objects.count() == 2


def test_non_operators_cannot_create_programmes(programme_a):
    with pytest.raises(PermissionDenied):
        domain.create_programme(
            name="X", partners=[programme_a.operator], actor=programme_a.company_user, **MARCH
        )


def test_update_programme_keeps_recruiting_partners(programme_a):
    newcomer = make_organisation("Newcomer", Organisation.Kind.OPERATOR)
    with pytest.raises(ValidationError) as caught:
        domain.update_programme(
            programme=programme_a.programme, partners=[newcomer], actor=programme_a.operator_user
        )
    assert caught.value.message_dict == {
        "partners": ["Operator a recruited companies of this programme and must stay a partner."]
    }
    domain.update_programme(
        programme=programme_a.programme,
        partners=[programme_a.operator, newcomer],
        funder="Interreg Aurora",
        actor=programme_a.operator_user,
    )
    programme_a.programme.refresh_from_db()
    assert programme_a.programme.funder == "Interreg Aurora"
    assert set(programme_a.programme.partners.all()) == {programme_a.operator, newcomer}


def test_update_programme_is_refused_outside_the_consortium(programme_a, programme_b):
    for actor in (programme_b.operator_user, programme_a.company_user):
        with pytest.raises(PermissionDenied):
            domain.update_programme(programme=programme_a.programme, name="Mine", actor=actor)


def test_enrol_a_company_needs_a_recruiting_partner(programme_a, programme_b):
    # Programme B's operator joins A, so it may enrol its own company there too.
    programme_a.programme.partners.add(programme_b.operator)
    with pytest.raises(ValidationError) as caught:
        domain.enrol_organisation(
            programme=programme_a.programme,
            organisation=programme_b.company,
            recruited_by=None,
            actor=programme_b.operator_user,
        )
    assert caught.value.message_dict == {
        "recruited_by": ["Name the operator that recruited this company."]
    }
    enrolment = domain.enrol_organisation(
        programme=programme_a.programme,
        organisation=programme_b.company,
        recruited_by=programme_b.operator,
        actor=programme_b.operator_user,
        enrolled_on=dt.date(2026, 5, 1),
    )
    assert Enrolment.objects.filter(pk=enrolment.pk, enrolled_on=dt.date(2026, 5, 1)).exists()


def test_enrol_twice_or_an_operator_is_refused(programme_a):
    with pytest.raises(ValidationError) as caught:
        domain.enrol_organisation(
            programme=programme_a.programme,
            organisation=programme_a.host,
            recruited_by=None,
            actor=None,
        )
    assert caught.value.messages == [
        "Enrolment with this Programme and Organisation already exists."
    ]
    with pytest.raises(ValidationError) as caught:
        domain.enrol_organisation(
            programme=programme_a.programme,
            organisation=programme_a.operator,
            recruited_by=None,
            actor=None,
        )
    assert caught.value.message_dict == {
        "organisation": ["Operators take part as programme partners, not enrolments."]
    }


def test_enrol_is_operator_work(programme_a, programme_b):
    host_user = make_user("another_host", programme_a.host)
    for actor in (host_user, programme_b.operator_user):
        with pytest.raises(PermissionDenied):
            domain.enrol_organisation(
                programme=programme_a.programme,
                organisation=programme_b.host,
                recruited_by=None,
                actor=actor,
            )


def test_withdraw_an_enrolment(programme_a):
    domain.update_enrolment(
        enrolment=programme_a.enrolment,
        status=Enrolment.Status.WITHDRAWN,
        actor=programme_a.operator_user,
    )
    programme_a.enrolment.refresh_from_db()
    assert programme_a.enrolment.status == "withdrawn"
    with pytest.raises(PermissionDenied):
        domain.update_enrolment(
            enrolment=programme_a.enrolment, status="active", actor=programme_a.company_user
        )
