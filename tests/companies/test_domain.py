"""Company write paths: all-or-nothing creation, profile edits, products, certifications."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sme2go.companies import domain
from sme2go.companies.models import Certification, CompanyProfile, Product
from sme2go.organisations.models import Organisation
from sme2go.programmes.models import Enrolment
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def company_counts():
    return (
        Organisation.objects.filter(kind=Organisation.Kind.COMPANY).count(),
        CompanyProfile.objects.count(),
        Enrolment.objects.count(),
    )


def test_create_company_writes_organisation_profile_and_enrolment(programme_a):
    profile = domain.create_company(
        programme=programme_a.programme,
        recruited_by=programme_a.operator,
        name="Puutalo Oy",
        offering="Prefabricated wooden houses.",
        home_country="FI",
        size_band=CompanyProfile.SizeBand.MICRO,
        domains=["buildings"],
        cpv_codes=["45211340", "44211000-2"],
        languages=["fi", "en"],
        target_markets=["CN"],
        actor=programme_a.operator_user,
    )
    profile.refresh_from_db()
    assert profile.organisation.name == "Puutalo Oy"
    assert profile.organisation.kind == Organisation.Kind.COMPANY
    assert profile.cpv_codes == ["45211340", "44211000-2"]
    assert [d.code for d in profile.domains.all()] == ["buildings"]
    enrolment = Enrolment.objects.get(organisation=profile.organisation)
    assert (enrolment.programme, enrolment.recruited_by) == (
        programme_a.programme,
        programme_a.operator,
    )


def test_create_company_on_bad_input_writes_nothing_and_reports_every_field(programme_a):
    before = company_counts()
    with pytest.raises(ValidationError) as caught:
        domain.create_company(
            programme=programme_a.programme,
            recruited_by=None,
            name="",
            offering="Sensors.",
            home_country="Finland",
            cpv_codes=["4521134"],
            actor=programme_a.operator_user,
        )
    assert caught.value.message_dict == {
        "name": ["This field cannot be blank."],
        "home_country": [
            "Ensure this value has at most 2 characters (it has 7).",
            "Enter a two-letter ISO code, e.g. FI.",
        ],
        "cpv_codes": ["Not a CPV code: 4521134 (expected 8 digits, e.g. 90481000)."],
        "recruited_by": ["Name the operator that recruited this company."],
    }
    assert company_counts() == before


def test_create_company_with_recruiter_outside_the_programme_writes_nothing(
    programme_a, programme_b
):
    before = company_counts()
    with pytest.raises(ValidationError) as caught:
        domain.create_company(
            programme=programme_a.programme,
            recruited_by=programme_b.operator,
            name="Outsider Oy",
            offering="Nothing.",
            actor=None,
        )
    assert caught.value.message_dict == {
        "recruited_by": ["The recruiting operator must be a partner of the programme."]
    }
    assert company_counts() == before


def test_only_operators_of_the_programme_create_companies(programme_a, programme_b):
    for actor in (programme_b.operator_user, programme_a.company_user, programme_a.host_user):
        with pytest.raises(PermissionDenied):
            domain.create_company(
                programme=programme_a.programme,
                recruited_by=programme_a.operator,
                name="X",
                offering="Y",
                actor=actor,
            )
    assert not Organisation.objects.filter(name="X").exists()


def test_company_user_updates_its_own_profile_and_organisation(programme_a):
    domain.update_company_profile(
        profile=programme_a.profile,
        actor=programme_a.company_user,
        name="Company a Ltd",
        website="https://a.example.org",
        offering="Membrane bioreactors.",
        target_markets=["CN", "IN"],
        domains=["water", "environment"],
    )
    programme_a.profile.refresh_from_db()
    programme_a.company.refresh_from_db()
    assert programme_a.company.name == "Company a Ltd"
    assert programme_a.company.website == "https://a.example.org"
    assert programme_a.profile.offering == "Membrane bioreactors."
    assert programme_a.profile.target_markets == ["CN", "IN"]
    assert sorted(d.code for d in programme_a.profile.domains.all()) == ["environment", "water"]


def test_update_profile_rejects_bad_codes_and_changes_nothing(programme_a):
    with pytest.raises(ValidationError) as caught:
        domain.update_company_profile(
            profile=programme_a.profile,
            actor=programme_a.operator_user,
            name="Renamed",
            languages=["english"],
        )
    assert caught.value.message_dict == {
        "languages": ["Not a language code: english (expected e.g. en, fi, zh)."]
    }
    programme_a.company.refresh_from_db()
    assert programme_a.company.name == "Company a"


def test_profile_changes_are_refused_to_other_organisations(programme_a, programme_b):
    partner = make_organisation("Partner operator", Organisation.Kind.OPERATOR)
    programme_a.programme.partners.add(partner)
    partner_user = make_user("partner", partner)
    # A partner sees the company but did not recruit it; another programme does not see it.
    for actor in (partner_user, programme_b.operator_user, programme_a.host_user):
        with pytest.raises(PermissionDenied):
            domain.update_company_profile(
                profile=programme_a.profile, actor=actor, offering="Hijacked"
            )
    programme_a.profile.refresh_from_db()
    assert programme_a.profile.offering == "Company a builds waste-water treatment plants."


def test_products_and_certifications(programme_a):
    reference = domain.add_product(
        profile=programme_a.profile,
        kind=Product.Kind.REFERENCE,
        name="Sewage plant, Tampere",
        year=2021,
        location="Tampere",
        actor=programme_a.company_user,
    )
    domain.update_product(product=reference, name="Sewage plant, Turku", actor=None)
    certification = domain.add_certification(
        profile=programme_a.profile, name="CCC", issuer="CQC", actor=programme_a.operator_user
    )
    assert list(
        Product.objects.filter(profile=programme_a.profile).values_list("kind", "name", "year")
    ) == [("product", "Product a", None), ("reference", "Sewage plant, Turku", 2021)]
    domain.delete_certification(certification=certification, actor=programme_a.company_user)
    assert list(Certification.objects.filter(profile=programme_a.profile)) == [
        programme_a.certification
    ]
    with pytest.raises(ValidationError) as caught:
        domain.add_product(profile=programme_a.profile, name="", actor=None)
    assert caught.value.message_dict == {"name": ["This field cannot be blank."]}
    with pytest.raises(PermissionDenied):
        domain.delete_product(product=programme_a.product, actor=programme_a.host_user)
    assert Product.objects.filter(pk=programme_a.product.pk).exists()


def test_unknown_fields_are_a_programming_error(programme_a):
    with pytest.raises(TypeError, match="unknown fields: kind"):
        domain.update_company_profile(profile=programme_a.profile, actor=None, kind="host")
