"""Company pages for each role: lists, profile page, create/edit, products, certifications."""

import re

import pytest
from django.urls import reverse

from sme2go.companies.models import Certification, CompanyProfile, Product
from sme2go.organisations.models import ContactPerson, Organisation
from sme2go.programmes.models import Enrolment
from tests.factories import make_company, make_organisation, make_user

pytestmark = pytest.mark.django_db


def names_in_list(response):
    """The company names linked from the list table, in order."""
    table = response.content.decode().split("<tbody>")[1]
    return re.findall(r'<a href="/companies/\d+/">([^<]+)</a>', table)


def detail_url(company):
    return reverse("companies:detail", kwargs={"organisation_pk": company.pk})


def edit_url(company):
    return reverse("companies:edit", kwargs={"organisation_pk": company.pk})


def test_operator_lists_its_programmes_companies_only(programme_a, programme_b, client_for):
    make_company("Alpha Water Oy", programme_a.programme, programme_a.operator)
    response = client_for(programme_a.operator_user).get(reverse("companies:list"))
    assert names_in_list(response) == ["Alpha Water Oy", "Company a"]
    assert '<span class="tag">Water and waste water</span>' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=wooden", ["Puutalo Oy"]),
        ("q=PRODUCT+A", ["Company a"]),
        ("domain=buildings", ["Puutalo Oy"]),
        ("country=SE", ["Puutalo Oy"]),
        ("size=micro", ["Puutalo Oy"]),
        ("domain=water&country=FI", ["Company a"]),
        ("domain=food", []),
    ],
)
def test_company_list_search_and_filters(programme_a, client_for, query, expected):
    make_company(
        "Puutalo Oy",
        programme_a.programme,
        programme_a.operator,
        domains=("buildings",),
        offering="Prefabricated wooden houses.",
        home_country="SE",
        size_band=CompanyProfile.SizeBand.MICRO,
    )
    response = client_for(programme_a.operator_user).get(f"{reverse('companies:list')}?{query}")
    assert names_in_list(response) == expected


def test_company_list_filters_by_programme(programme_a, client_for):
    second = programme_a.programme.__class__.objects.create(
        name="Second", start_date="2026-01-01", end_date="2026-12-31"
    )
    second.partners.add(programme_a.operator)
    make_company("Second Co", second, programme_a.operator)
    client = client_for(programme_a.operator_user)
    response = client.get(f"{reverse('companies:list')}?programme={second.pk}")
    assert names_in_list(response) == ["Second Co"]
    assert names_in_list(client.get(reverse("companies:list"))) == ["Company a", "Second Co"]


def test_company_user_sees_its_own_profile(programme_a, client_for):
    ContactPerson.objects.create(
        organisation=programme_a.company, name="Aino Virtanen", title="CEO", email="aino@a.example"
    )
    Product.objects.create(
        profile=programme_a.profile,
        kind=Product.Kind.REFERENCE,
        name="Sewage plant",
        location="Tampere",
        year=2021,
    )
    response = client_for(programme_a.company_user).get(detail_url(programme_a.company))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Company a</h1>" in html
    assert "<p>Company a builds waste-water treatment plants.</p>" in html
    assert '<span class="tag">Water and waste water</span>' in html
    assert (
        '<span title="Sewage-treatment plant construction work">45252100</span> '
        '<span class="muted">Sewage-treatment plant construction work</span>'
    ) in html
    assert "<dd>Finnish, English</dd>" in html and "<dd>China</dd>" in html
    assert "<li><strong>Product a</strong>" in html
    assert '<strong>Sewage plant</strong> <span class="muted">(Tampere, 2021)</span>' in html
    assert "<li>ISO 9001 a" in html
    assert "Aino Virtanen, CEO" in html
    assert "recruited by Operator a" in html
    assert f'<a href="/missions/{programme_a.mission.pk}/">Mission a</a>' in html
    assert f'href="{edit_url(programme_a.company)}"' in html


def test_company_and_host_users_see_no_other_company(programme_a, client_for):
    other = make_company("Other Oy", programme_a.programme, programme_a.operator)
    for user in (programme_a.company_user, programme_a.host_user):
        response = client_for(user).get(detail_url(other.organisation))
        assert response.status_code == 404
    response = client_for(programme_a.company_user).get(reverse("companies:list"))
    assert names_in_list(response) == ["Company a"]


def test_another_programmes_company_is_not_found(programme_a, programme_b, client_for):
    client = client_for(programme_a.operator_user)
    for url in (
        detail_url(programme_b.company),
        edit_url(programme_b.company),
        reverse("companies:product_edit", kwargs={"product_pk": programme_b.product.pk}),
    ):
        assert client.get(url).status_code == 404


def test_partner_that_did_not_recruit_sees_but_cannot_edit(programme_a, client_for):
    partner = make_organisation("Partner operator", Organisation.Kind.OPERATOR)
    programme_a.programme.partners.add(partner)
    client = client_for(make_user("partner", partner))
    response = client.get(detail_url(programme_a.company))
    assert response.status_code == 200
    assert f'href="{edit_url(programme_a.company)}"' not in response.content.decode()
    assert client.get(edit_url(programme_a.company)).status_code == 403
    response = client.post(edit_url(programme_a.company), {"name": "Hijacked", "offering": "x"})
    assert response.status_code == 403
    programme_a.company.refresh_from_db()
    assert programme_a.company.name == "Company a"


def test_operator_creates_a_company_with_profile_and_enrolment(programme_a, client_for):
    response = client_for(programme_a.operator_user).post(
        reverse("companies:create"),
        {
            "programme": programme_a.programme.pk,
            "recruited_by": programme_a.operator.pk,
            "name": "Puutalo Oy",
            "offering": "Wooden houses.",
            "size_band": "small",
            "home_country": "FI",
            "domains": ["buildings"],
            "cpv_codes": "45211340",
            "languages": "fi en",
            "target_markets": "CN",
        },
    )
    company = Organisation.objects.get(name="Puutalo Oy")
    assert response.status_code == 302
    assert response["Location"] == detail_url(company)
    assert company.profile.cpv_codes == ["45211340"]
    assert company.profile.languages == ["fi", "en"]
    assert Enrolment.objects.get(organisation=company).recruited_by == programme_a.operator


def test_create_company_with_bad_codes_shows_field_errors_and_writes_nothing(
    programme_a, client_for
):
    response = client_for(programme_a.operator_user).post(
        reverse("companies:create"),
        {
            "programme": programme_a.programme.pk,
            "recruited_by": "",
            "name": "Puutalo Oy",
            "offering": "Wooden houses.",
            "size_band": "small",
            "home_country": "FI",
            "cpv_codes": "4521134",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "cpv_codes": ["Not a CPV code: 4521134 (expected 8 digits, e.g. 90481000)."]
    }
    assert (
        "Not a CPV code: 4521134 (expected 8 digits, e.g. 90481000)." in response.content.decode()
    )
    assert not Organisation.objects.filter(name="Puutalo Oy").exists()


def test_create_company_without_recruiter_is_refused_on_the_field(programme_a, client_for):
    response = client_for(programme_a.operator_user).post(
        reverse("companies:create"),
        {
            "programme": programme_a.programme.pk,
            "recruited_by": "",
            "name": "Puutalo Oy",
            "offering": "Wooden houses.",
            "size_band": "small",
            "home_country": "FI",
        },
    )
    assert response.context["form"].errors == {
        "recruited_by": ["Name the operator that recruited this company."]
    }
    assert not Organisation.objects.filter(name="Puutalo Oy").exists()


def test_only_operators_may_open_the_create_form(programme_a, client_for):
    for user in (programme_a.company_user, programme_a.host_user):
        assert client_for(user).get(reverse("companies:create")).status_code == 403
    response = client_for(programme_a.operator_user).get(
        f"{reverse('companies:create')}?programme={programme_a.programme.pk}"
    )
    assert f'<option value="{programme_a.programme.pk}" selected>' in response.content.decode()


def test_company_user_edits_its_own_profile(programme_a, client_for):
    client = client_for(programme_a.company_user)
    form_page = client.get(edit_url(programme_a.company)).content.decode()
    assert 'value="45252100"' in form_page
    response = client.post(
        edit_url(programme_a.company),
        {
            "name": "Company a",
            "website": "https://a.example.org",
            "offering": "Membrane bioreactors for municipal waste water.",
            "size_band": "medium",
            "home_country": "FI",
            "domains": ["water", "environment"],
            "cpv_codes": "45252100 90481000",
            "languages": "fi en zh",
            "target_markets": "CN",
        },
    )
    assert response["Location"] == detail_url(programme_a.company)
    profile = CompanyProfile.objects.get(pk=programme_a.profile.pk)
    assert profile.offering == "Membrane bioreactors for municipal waste water."
    assert profile.cpv_codes == ["45252100", "90481000"]
    assert profile.languages == ["fi", "en", "zh"]
    assert profile.size_band == "medium"
    assert profile.organisation.website == "https://a.example.org"
    assert sorted(profile.domains.values_list("code", flat=True)) == ["environment", "water"]


def test_products_and_certifications_are_managed_from_the_profile(programme_a, client_for):
    client = client_for(programme_a.company_user)
    company = programme_a.company
    response = client.post(
        reverse("companies:product_create", kwargs={"organisation_pk": company.pk}),
        {"kind": "reference", "name": "Rizhao pilot", "year": "2025", "location": "Rizhao"},
    )
    assert response["Location"] == detail_url(company)
    reference = Product.objects.get(name="Rizhao pilot")
    assert (reference.kind, reference.year, reference.profile) == (
        "reference",
        2025,
        programme_a.profile,
    )
    client.post(
        reverse("companies:product_edit", kwargs={"product_pk": reference.pk}),
        {"kind": "reference", "name": "Rizhao pilot plant", "year": "2025"},
    )
    reference.refresh_from_db()
    assert reference.name == "Rizhao pilot plant"
    client.post(reverse("companies:product_delete", kwargs={"product_pk": reference.pk}))
    assert not Product.objects.filter(pk=reference.pk).exists()

    client.post(
        reverse("companies:certification_create", kwargs={"organisation_pk": company.pk}),
        {"name": "CE marking", "issuer": "TÜV", "valid_until": "2028-01-31"},
    )
    certification = Certification.objects.get(name="CE marking")
    assert str(certification.valid_until) == "2028-01-31"
    response = client.post(
        reverse("companies:certification_edit", kwargs={"certification_pk": certification.pk}),
        {"name": "", "issuer": "TÜV"},
    )
    assert response.context["form"].errors == {"name": ["This field is required."]}
    client.post(
        reverse("companies:certification_delete", kwargs={"certification_pk": certification.pk})
    )
    assert list(Certification.objects.filter(profile=programme_a.profile)) == [
        programme_a.certification
    ]


def test_delete_needs_post(programme_a, client_for):
    url = reverse("companies:product_delete", kwargs={"product_pk": programme_a.product.pk})
    assert client_for(programme_a.operator_user).get(url).status_code == 405
    assert Product.objects.filter(pk=programme_a.product.pk).exists()


def test_lists_and_pages_need_login(programme_a, client):
    response = client.get(reverse("companies:list"))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={reverse('companies:list')}"
