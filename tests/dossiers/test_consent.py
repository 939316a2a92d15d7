"""Consent: who may give and withdraw it, on which basis, and what it changes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sme2go.audit.models import AuditEntry
from sme2go.dossiers import domain
from sme2go.dossiers.models import SharingConsent
from sme2go.organisations.models import Membership, Organisation
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def test_the_company_user_consents_on_its_own_basis(programme_a):
    w = programme_a
    consent = domain.give_consent(
        company=w.company, host=w.host, programme=w.programme, actor=w.company_user
    )
    consent.refresh_from_db()
    assert (consent.basis, consent.instruction, consent.given_by, consent.withdrawn_at) == (
        "company",
        "",
        w.company_user,
        None,
    )
    entry = AuditEntry.objects.about(consent).get()
    assert (entry.action, entry.actor) == ("create", w.company_user)


def test_the_recruiting_adviser_needs_the_companys_instruction(programme_a):
    w = programme_a
    with pytest.raises(ValidationError) as error:
        domain.give_consent(
            company=w.company, host=w.host, programme=w.programme, actor=w.operator_user
        )
    assert "documented instruction" in error.value.message_dict["instruction"][0]
    assert not SharingConsent.objects.exists()
    consent = domain.give_consent(
        company=w.company,
        host=w.host,
        programme=w.programme,
        instruction="Consent form signed by the CEO on 19 March 2027.",
        actor=w.operator_user,
    )
    assert (consent.basis, consent.instruction) == (
        "instruction",
        "Consent form signed by the CEO on 19 March 2027.",
    )


def test_other_operators_hosts_and_other_companies_may_not_consent(programme_a, programme_b):
    w = programme_a
    # A partner of the same programme that did not recruit the company.
    other = make_organisation("Other operator", Organisation.Kind.OPERATOR)
    w.programme.partners.add(other)
    other_user = make_user("other_operator", other, role=Membership.Role.ADVISER)
    for actor in (other_user, w.host_user, w.counterpart_user, programme_b.company_user):
        with pytest.raises(PermissionDenied):
            domain.give_consent(
                company=w.company,
                host=w.host,
                programme=w.programme,
                instruction="I say so.",
                actor=actor,
            )
    assert not SharingConsent.objects.exists()


def test_consent_twice_and_to_a_host_of_another_programme_are_refused(programme_a, programme_b):
    w = programme_a
    domain.give_consent(company=w.company, host=w.host, programme=w.programme, actor=w.company_user)
    with pytest.raises(ValidationError) as twice:
        domain.give_consent(
            company=w.company, host=w.host, programme=w.programme, actor=w.company_user
        )
    assert twice.value.message_dict == {
        "host": ["Company a already consents to sharing with Host a."]
    }
    with pytest.raises(ValidationError) as foreign:
        domain.give_consent(
            company=w.company, host=programme_b.host, programme=w.programme, actor=w.company_user
        )
    assert foreign.value.message_dict == {
        "host": ["Host b is not a host organisation of Programme a."]
    }
    assert SharingConsent.objects.count() == 1


def test_withdrawing_keeps_the_record_and_allows_a_new_consent(programme_a):
    w = programme_a
    consent = domain.give_consent(
        company=w.company, host=w.host, programme=w.programme, actor=w.company_user
    )
    domain.withdraw_consent(consent=consent, actor=w.company_user)
    consent.refresh_from_db()
    assert consent.withdrawn_by == w.company_user and consent.withdrawn_at is not None
    with pytest.raises(ValidationError):
        domain.withdraw_consent(consent=consent, actor=w.company_user)
    again = domain.give_consent(
        company=w.company, host=w.host, programme=w.programme, actor=w.company_user
    )
    assert list(SharingConsent.objects.active()) == [again]
    assert SharingConsent.objects.count() == 2


def test_the_adviser_withdraws_only_on_instruction(programme_a):
    w = programme_a
    consent = domain.give_consent(
        company=w.company, host=w.host, programme=w.programme, actor=w.company_user
    )
    with pytest.raises(ValidationError):
        domain.withdraw_consent(consent=consent, actor=w.operator_user)
    domain.withdraw_consent(
        consent=consent, instruction="Phone call with the CEO, 2 April.", actor=w.operator_user
    )
    consent.refresh_from_db()
    assert consent.withdrawal_instruction == "Phone call with the CEO, 2 April."


def test_the_company_gives_and_withdraws_consent_on_its_pages(programme_a, client_for):
    w = programme_a
    client = client_for(w.company_user)
    page = client.get(reverse("dossiers:consent_give", kwargs={"organisation_pk": w.company.pk}))
    html = page.content.decode()
    assert "Host a — Programme a" in html
    assert "instruction" not in html  # the company's own users need none
    response = client.post(
        reverse("dossiers:consent_give", kwargs={"organisation_pk": w.company.pk}),
        {"host": f"{w.programme.pk}:{w.host.pk}"},
    )
    assert response.status_code == 302
    consent = SharingConsent.objects.get()
    sharing = client.get(response.url).content.decode()
    assert "Given by the company&#x27;s own user" in sharing
    response = client.post(
        reverse("dossiers:consent_withdraw", kwargs={"sharingconsent_pk": consent.pk})
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert "No consent given" in client.get(response.url).content.decode()


def test_the_adviser_form_asks_for_the_instruction(programme_a, client_for):
    w = programme_a
    client = client_for(w.operator_user)
    url = reverse("dossiers:consent_give", kwargs={"organisation_pk": w.company.pk})
    response = client.post(url, {"host": f"{w.programme.pk}:{w.host.pk}"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not SharingConsent.objects.exists()
