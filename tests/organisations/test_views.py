"""Host and counterpart pages, per role."""

import re

import pytest
from django.urls import reverse

from sme2go.organisations.models import ContactPerson, Organisation
from sme2go.programmes.models import Enrolment
from tests.factories import enrol, make_china_city, make_organisation, make_region

pytestmark = pytest.mark.django_db


def listed(response):
    table = response.content.decode().split("<tbody>")[1]
    return re.findall(r'<a href="/organisations/\d+/">([^<]+)</a>', table)


def detail_url(organisation):
    return reverse("organisations:detail", kwargs={"organisation_pk": organisation.pk})


def test_operator_lists_hosts_of_its_programmes(programme_a, programme_b, client_for):
    response = client_for(programme_a.operator_user).get(reverse("organisations:hosts"))
    html = response.content.decode()
    assert listed(response) == ["Host a"]
    assert "<td>China › Shandong › Weifang</td>" in html
    assert '<td class="optional">City government</td>' in html
    assert "<td>1</td>" in html  # one open need


def test_hosts_filter_by_region_includes_places_inside_it(programme_a, client_for):
    rizhao = make_china_city("Rizhao", "日照")
    sweden = make_region("Sweden", "country", country_code="SE")
    for name, region in (("Rizhao Government", rizhao), ("Västerås City", sweden)):
        enrol(programme_a.programme, make_organisation(name, "host", region=region))
    client = client_for(programme_a.operator_user)
    url = reverse("organisations:hosts")
    shandong = programme_a.city.parent
    assert listed(client.get(f"{url}?region={shandong.pk}")) == ["Host a", "Rizhao Government"]
    assert listed(client.get(f"{url}?region={rizhao.pk}")) == ["Rizhao Government"]
    assert listed(client.get(f"{url}?region={sweden.pk}")) == ["Västerås City"]
    assert listed(client.get(f"{url}?q=rizhao")) == ["Rizhao Government"]
    page = client.get(url).content.decode()
    assert f'<option value="{shandong.pk}">China 中国 › Shandong 山东</option>' in page


def test_counterparts_list(programme_a, programme_b, client_for):
    response = client_for(programme_a.operator_user).get(reverse("organisations:counterparts"))
    assert listed(response) == ["Counterpart a"]


def test_host_page_shows_region_needs_contacts_and_visits(programme_a, client_for):
    for user in (programme_a.operator_user, programme_a.host_user):
        html = client_for(user).get(detail_url(programme_a.host)).content.decode()
        assert (
            '<dd>China <span lang="zh-Hans">中国</span> › Shandong <span lang="zh-Hans">山东</span>'
            ' › Weifang <span lang="zh-Hans">潍坊</span></dd>'
        ) in html
        assert "<dd>City government</dd>" in html
        assert f'<a href="/needs/{programme_a.need.pk}/">Need a</a>' in html
        assert '<li>Contact a · <a href="mailto:contact_a@example.org">' in html
        assert "<strong>Mon 16 Mar 2026 10:00–11:30</strong> · Visit a" in html
        assert f'<a href="/missions/{programme_a.mission.pk}/">Mission a</a>' in html


def test_company_page_under_organisations_redirects_to_the_profile(programme_a, client_for):
    response = client_for(programme_a.operator_user).get(detail_url(programme_a.company))
    assert response["Location"] == f"/companies/{programme_a.company.pk}/"


def test_visibility_per_role(programme_a, programme_b, client_for):
    assert client_for(programme_a.company_user).get(detail_url(programme_a.host)).status_code == 404
    assert (
        client_for(programme_a.host_user).get(detail_url(programme_a.counterpart)).status_code
        == 404
    )
    assert (
        client_for(programme_a.operator_user).get(detail_url(programme_b.host)).status_code == 404
    )
    response = client_for(programme_a.company_user).get(reverse("organisations:hosts"))
    assert listed(response) == []


def test_host_user_edits_itself_operator_of_other_programme_cannot(
    programme_a, programme_b, client_for
):
    url = reverse("organisations:edit", kwargs={"organisation_pk": programme_a.host.pk})
    response = client_for(programme_a.host_user).post(
        url,
        {
            "name": "Host a",
            "name_zh_hans": "潍坊市政府",
            "host_type": "city_government",
            "region": programme_a.city.pk,
            "sector": "Urban water",
        },
    )
    assert response["Location"] == detail_url(programme_a.host)
    programme_a.host.refresh_from_db()
    assert (programme_a.host.name_zh, programme_a.host.sector) == ("潍坊市政府", "Urban water")
    assert client_for(programme_b.operator_user).get(url).status_code == 404


def test_counterpart_user_cannot_edit_a_host_it_cannot_see(programme_a, client_for):
    url = reverse("organisations:edit", kwargs={"organisation_pk": programme_a.host.pk})
    assert client_for(programme_a.counterpart_user).get(url).status_code == 404


def test_operator_of_a_programme_without_the_host_sees_but_cannot_edit_an_operator(
    programme_a, programme_b, client_for
):
    # Operator a sees its partners; it may not edit another operator organisation.
    programme_a.programme.partners.add(programme_b.operator)
    url = reverse("organisations:edit", kwargs={"organisation_pk": programme_b.operator.pk})
    client = client_for(programme_a.operator_user)
    assert client.get(detail_url(programme_b.operator)).status_code == 200
    assert client.get(url).status_code == 403


def test_operator_creates_a_counterpart(programme_a, client_for):
    url = reverse("organisations:create")
    client = client_for(programme_a.operator_user)
    form = client.get(f"{url}?kind=counterpart&programme={programme_a.programme.pk}").context[
        "form"
    ]
    assert "host_type" not in form.fields
    response = client.post(
        f"{url}?kind=counterpart",
        {
            "programme": programme_a.programme.pk,
            "name": "Zhucheng Furniture Co.",
            "name_zh_hans": "诸城家具",
            "region": programme_a.city.pk,
            "sector": "Furniture",
        },
    )
    counterpart = Organisation.objects.get(name="Zhucheng Furniture Co.")
    assert response["Location"] == detail_url(counterpart)
    assert counterpart.kind == "counterpart"
    assert Enrolment.objects.filter(
        organisation=counterpart, programme=programme_a.programme
    ).exists()
    assert client.get(f"{url}?kind=operator").status_code == 404
    assert client_for(programme_a.host_user).get(f"{url}?kind=host").status_code == 403


def test_contact_persons_are_managed_from_the_organisation(programme_a, client_for):
    client = client_for(programme_a.host_user)
    host = programme_a.host
    response = client.post(
        reverse("organisations:contact_create", kwargs={"organisation_pk": host.pk}),
        {"name": "Li Wei", "title": "Deputy director", "email": "bad"},
    )
    assert response.context["form"].errors == {"email": ["Enter a valid email address."]}
    client.post(
        reverse("organisations:contact_create", kwargs={"organisation_pk": host.pk}),
        {"name": "Li Wei", "title": "Deputy director", "languages": "zh, en"},
    )
    contact = ContactPerson.objects.get(name="Li Wei")
    kwargs = {"organisation_pk": host.pk, "contactperson_pk": contact.pk}
    client.post(
        reverse("organisations:contact_edit", kwargs=kwargs),
        {"name": "Li Wei", "title": "Director"},
    )
    contact.refresh_from_db()
    assert (contact.organisation, contact.title) == (host, "Director")
    # The contact is addressed through its own organisation only.
    wrong = {"organisation_pk": programme_a.counterpart.pk, "contactperson_pk": contact.pk}
    assert (
        client_for(programme_a.operator_user)
        .get(reverse("organisations:contact_edit", kwargs=wrong))
        .status_code
        == 404
    )
    client.post(reverse("organisations:contact_delete", kwargs=kwargs))
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
