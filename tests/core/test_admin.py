"""Admin: reference data validates like the UI; tenant data is scoped like the UI."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from sme2go.regions.models import Region
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(db, client_for):
    return client_for(make_user("root", is_superuser=True, is_staff=True))


def test_region_cycle_is_refused_on_the_parent_field(programme_a, superuser_client):
    china = Region.objects.get(name="China")
    response = superuser_client.post(
        reverse("admin:regions_region_change", args=[china.pk]),
        {
            "name": "China",
            "name_zh": "中国",
            "kind": "country",
            "parent": programme_a.city.pk,
            "country_code": "CN",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "parent": ["This would make a cycle: Weifang (潍坊) is inside this region."]
    }
    china.refresh_from_db()
    assert china.parent is None


def test_region_kind_order_is_enforced(programme_a, superuser_client):
    response = superuser_client.post(
        reverse("admin:regions_region_add"),
        {"name": "Shandong again", "kind": "province", "parent": programme_a.city.pk},
    )
    assert response.context["adminform"].form.errors == {
        "parent": [
            "A region of the kind “Province / state” cannot be part of one of the kind “City”."
        ]
    }
    assert not Region.objects.filter(name="Shandong again").exists()


def test_operator_staff_see_only_their_programmes_organisations(
    programme_a, programme_b, client_for
):
    staff = programme_a.operator_user
    staff.is_staff = True
    staff.save()
    staff.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client = client_for(staff)
    html = client.get(reverse("admin:organisations_organisation_changelist")).content.decode()
    assert "Company a" in html and "Host a" in html
    assert "Company b" not in html and "Host b" not in html
    url = reverse("admin:companies_companyprofile_change", args=[programme_b.profile.pk])
    assert client.get(url).status_code == 404


def test_domains_admin_lists_translated_labels(superuser_client):
    html = superuser_client.get(reverse("admin:taxonomy_domain_changelist")).content.decode()
    assert "Water and waste water" in html
    assert "Buildings and wooden construction" in html
