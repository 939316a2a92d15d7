"""Hosts, counterparts and contact persons: write paths."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sme2go.organisations import domain
from sme2go.organisations.models import ContactPerson, Organisation
from sme2go.programmes.models import Enrolment

pytestmark = pytest.mark.django_db


def test_operator_creates_a_host_enrolled_in_its_programme(programme_a):
    host = domain.create_host_or_counterpart(
        programme=programme_a.programme,
        kind=Organisation.Kind.HOST,
        name="Rizhao Municipal Government",
        name_zh="日照市人民政府",
        host_type=Organisation.HostType.CITY,
        region=programme_a.city,
        sector="City government",
        actor=programme_a.operator_user,
    )
    host.refresh_from_db()
    assert (host.kind, host.name_zh, host.region) == ("host", "日照市人民政府", programme_a.city)
    enrolment = Enrolment.objects.get(organisation=host)
    assert (enrolment.programme, enrolment.recruited_by) == (
        programme_a.programme,
        programme_a.operator,
    )


def test_counterparts_have_no_host_type_and_companies_are_not_created_here(programme_a):
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as caught:
        domain.create_host_or_counterpart(
            programme=programme_a.programme,
            kind=Organisation.Kind.COUNTERPART,
            name="Zhucheng Furniture",
            host_type=Organisation.HostType.ZONE,
            actor=None,
        )
    assert caught.value.message_dict == {"host_type": ["Only host organisations have a host type."]}
    with pytest.raises(ValidationError) as caught:
        domain.create_host_or_counterpart(
            programme=programme_a.programme, kind="company", name="X", actor=None
        )
    assert caught.value.message_dict == {"kind": ["Only hosts and counterparts are created here."]}
    assert Organisation.objects.count() == before


def test_only_partner_operators_create_hosts(programme_a, programme_b):
    for actor in (programme_b.operator_user, programme_a.host_user, programme_a.company_user):
        with pytest.raises(PermissionDenied):
            domain.create_host_or_counterpart(
                programme=programme_a.programme, kind="host", name="Intruder", actor=actor
            )
    assert not Organisation.objects.filter(name="Intruder").exists()


def test_update_organisation(programme_a, programme_b):
    domain.update_organisation(
        organisation=programme_a.host, sector="Water authority", actor=programme_a.host_user
    )
    domain.update_organisation(
        organisation=programme_a.host,
        website="https://weifang.example",
        actor=programme_a.operator_user,
    )
    programme_a.host.refresh_from_db()
    assert (programme_a.host.sector, programme_a.host.website) == (
        "Water authority",
        "https://weifang.example",
    )
    with pytest.raises(PermissionDenied):
        domain.update_organisation(
            organisation=programme_a.host, sector="x", actor=programme_b.operator_user
        )
    with pytest.raises(ValidationError) as caught:
        domain.update_organisation(organisation=programme_a.host, website="not a url", actor=None)
    assert caught.value.message_dict == {"website": ["Enter a valid URL."]}


def test_contacts(programme_a):
    contact = domain.add_contact(
        organisation=programme_a.company,
        name="Aino Virtanen",
        email="aino@a.example",
        languages="fi, en",
        actor=programme_a.company_user,
    )
    domain.update_contact(contact=contact, title="CEO", actor=programme_a.operator_user)
    contact.refresh_from_db()
    assert (contact.organisation, contact.title) == (programme_a.company, "CEO")
    with pytest.raises(ValidationError) as caught:
        domain.add_contact(organisation=programme_a.company, name="B", email="nope", actor=None)
    assert caught.value.message_dict == {"email": ["Enter a valid email address."]}
    with pytest.raises(PermissionDenied):
        domain.delete_contact(contact=contact, actor=programme_a.host_user)
    domain.delete_contact(contact=contact, actor=programme_a.company_user)
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
