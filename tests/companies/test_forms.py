"""Company forms: list fields typed as text, validated item by item, errors on the field."""

import pytest

from sme2go.companies.forms import CompanyProfileForm, NewCompanyForm

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Puutalo Oy",
    "offering": "Wooden houses.",
    "size_band": "small",
    "home_country": "fi",
    "domains": ["buildings", "energy"],
    "cpv_codes": "45211340, 44211000-2\n45000000",
    "languages": "FI en  sv",
    "target_markets": "cn;in",
    "excluded_markets": "",
}


def test_list_fields_are_split_normalised_and_deduplicated():
    form = CompanyProfileForm(data={**VALID, "languages": "fi, en, FI"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cpv_codes"] == ["45211340", "44211000-2", "45000000"]
    assert form.cleaned_data["languages"] == ["fi", "en"]
    assert form.cleaned_data["target_markets"] == ["CN", "IN"]
    assert form.cleaned_data["excluded_markets"] == []
    assert form.cleaned_data["home_country"] == "FI"
    assert [d.code for d in form.cleaned_data["domains"]] == ["energy", "buildings"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "cpv_codes",
            "45211340, 4521134x",
            "Not a CPV code: 4521134x (expected 8 digits, e.g. 90481000).",
        ),
        ("languages", "fi, finnish", "Not a language code: finnish (expected e.g. en, fi, zh)."),
        (
            "target_markets",
            "CN China",
            "Not an ISO country code: CHINA (expected two capitals, e.g. CN).",
        ),
        ("home_country", "F1", "Enter a two-letter ISO code, e.g. FI."),
        (
            "domains",
            ["water", "space"],
            "Select a valid choice. space is not one of the available choices.",
        ),
    ],
)
def test_bad_input_is_reported_on_its_field(field, value, message):
    form = CompanyProfileForm(data={**VALID, field: value})
    assert not form.is_valid()
    assert form.errors == {field: [message]}


def test_existing_lists_are_shown_as_text(programme_a):
    form = CompanyProfileForm(instance=programme_a.profile)
    html = str(form["languages"])
    assert 'value="fi, en"' in html
    assert form["name"].value() == "Company a"


def test_domains_are_checkboxes_with_readable_labels():
    html = str(CompanyProfileForm()["domains"])
    assert 'type="checkbox" name="domains" value="water"' in html
    assert "Water and waste water</label>" in html
    assert "Buildings and wooden construction</label>" in html


def test_new_company_form_offers_only_programmes_the_user_runs(programme_a, programme_b):
    form = NewCompanyForm(user=programme_a.operator_user)
    assert list(form.fields["programme"].queryset) == [programme_a.programme]
    assert list(form.fields["recruited_by"].queryset) == [programme_a.operator]
    assert form.initial["recruited_by"] == programme_a.operator.pk
    bad = NewCompanyForm(
        data={**VALID, "programme": programme_b.programme.pk, "recruited_by": ""},
        user=programme_a.operator_user,
    )
    assert bad.errors == {
        "programme": ["Select a valid choice. That choice is not one of the available choices."]
    }
