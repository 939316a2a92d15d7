"""Needs register pages per role: list, detail, forms, status; scoping and query counts."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from tests import factories

LIST = reverse("needs:list")
CREATE = reverse("needs:create")


def text(response) -> str:
    """The page as text with tags removed and whitespace collapsed, for exact phrases."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # Inline tags do not separate words; block tags do.
    html = re.sub(r"</?(span|a|strong|em)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def rows(response) -> list[str]:
    """The body rows of the page's first table, each as collapsed text."""
    html = response.content.decode()
    body = re.search(r"<tbody>(.*?)</tbody>", html, flags=re.S)
    if body is None:
        return []
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split())
        for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), flags=re.S)
    ]


def detail_url(need) -> str:
    return reverse("needs:detail", kwargs={"need_pk": need.pk})


def make_need(world, title, **extra) -> Need:
    extra.setdefault("heard_on", dt.date(2026, 3, 18))
    need = Need.objects.create(programme=world.programme, host=world.host, title=title, **extra)
    need.domains.set(["food"])
    return need


# List ---------------------------------------------------------------------------------------


def test_operator_list_shows_the_programme_needs_only(programme_a, programme_b, client_for):
    programme_a.need.stated_by = "Deputy mayor's office"
    programme_a.need.save()
    response = client_for(programme_a.operator_user).get(LIST)
    assert response.status_code == 200
    assert rows(response) == [
        "Need a Host a Deputy mayor's office 16/03/2026 Mission a Water and waste water Open"
    ]
    assert "Need b" not in response.content.decode()
    assert 'href="/needs/new/"' in response.content.decode()


def test_list_search_matches_title_description_stated_by_and_host(programme_a, client_for):
    make_need(programme_a, "Cold chain for vegetables", stated_by="Food Valley office")
    make_need(programme_a, "Sorting line", description="Household waste sorting")
    client = client_for(programme_a.operator_user)

    def titles(query):
        return [row.split(" Host a")[0] for row in rows(client.get(LIST, {"q": query}))]

    assert titles("cold chain") == ["Cold chain for vegetables"]
    assert titles("food valley") == ["Cold chain for vegetables"]
    assert titles("household") == ["Sorting line"]
    assert sorted(titles("host a")) == ["Cold chain for vegetables", "Need a", "Sorting line"]


def test_list_filters(programme_a, client_for):
    other_host = factories.make_organisation("Zhucheng government", Organisation.Kind.HOST)
    factories.enrol(programme_a.programme, other_host)
    Need.objects.create(
        programme=programme_a.programme,
        host=other_host,
        title="Furniture subcontracting",
        heard_on=dt.date(2026, 3, 18),
        status=Need.Status.ANSWERED,
    )
    client = client_for(programme_a.operator_user)

    def titles(**params):
        return [row.split(" ")[0:2] for row in rows(client.get(LIST, params))]

    assert titles(status="answered") == [["Furniture", "subcontracting"]]
    assert titles(host=other_host.pk) == [["Furniture", "subcontracting"]]
    assert titles(domain="water") == [["Need", "a"]]
    assert titles(mission=programme_a.mission.pk) == [["Need", "a"]]
    assert titles(region=programme_a.city.pk) == [["Need", "a"]]
    # A filter value that is not a valid choice is ignored, not a server error.
    assert len(titles(host="nonsense", region="999999")) == 2


def test_host_user_sees_only_its_own_needs(programme_a, client_for):
    other_host = factories.make_organisation("Rizhao government", Organisation.Kind.HOST)
    factories.enrol(programme_a.programme, other_host)
    Need.objects.create(
        programme=programme_a.programme,
        host=other_host,
        title="Waste-water reuse",
        heard_on=dt.date(2026, 3, 19),
    )
    response = client_for(programme_a.host_user).get(LIST)
    assert [row.split(" Host a")[0] for row in rows(response)] == ["Need a"]
    assert 'href="/needs/new/"' in response.content.decode()


def test_company_user_sees_no_needs_and_cannot_record(programme_a, client_for):
    client = client_for(programme_a.company_user)
    response = client.get(LIST)
    assert rows(response) == []
    assert "No needs match." in text(response)
    assert 'href="/needs/new/"' not in response.content.decode()
    assert client.get(CREATE).status_code == 403


def test_list_query_count_does_not_grow_with_rows(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    client.get(LIST)  # warm up the session and caches
    with CaptureQueriesContext(connection) as one:
        assert len(rows(client.get(LIST))) == 1
    for n in range(9):
        make_need(programme_a, f"Extra need {n}", mission=programme_a.mission)
    with CaptureQueriesContext(connection) as ten:
        assert len(rows(client.get(LIST))) == 10
    assert len(one) == len(ten)
    assert len(ten) <= 15


# Detail -------------------------------------------------------------------------------------


def test_detail_shows_everything_with_chinese_names(programme_a, client_for):
    need = programme_a.need
    need.stated_by = "Deputy mayor's office"
    need.description = "Sludge from the eastern plant must be dried."
    need.required_languages = ["en", "zh"]
    need.excluded_countries = ["US"]
    need.required_certification = "CCC"
    need.save()
    host = programme_a.host
    host.name_zh = "潍坊市人民政府"
    host.save()
    response = client_for(programme_a.operator_user).get(detail_url(need))
    page = text(response)
    assert "Host Host a 潍坊市人民政府" in page
    assert "Stated by Deputy mayor's office" in page
    assert "Heard on 16 Mar 2026" in page
    assert "Mission Mission a" in page
    assert "Region Weifang · 潍坊 (Shandong)" in page
    assert "Domains Water and waste water" in page
    assert "CPV codes 45252100" in page
    assert "Excluded countries United States" in page
    assert "Required languages English, Chinese" in page
    assert "Required certification CCC" in page
    assert "Sludge from the eastern plant must be dried." in page
    assert f'href="/missions/{programme_a.mission.pk}/"' in response.content.decode()
    assert f'action="/needs/{need.pk}/status/"' in response.content.decode()


def test_detail_of_another_programme_is_404(programme_a, programme_b, client_for):
    for user in (programme_a.operator_user, programme_a.host_user, programme_a.company_user):
        assert client_for(user).get(detail_url(programme_b.need)).status_code == 404


def test_company_user_cannot_see_a_need(programme_a, client_for):
    assert client_for(programme_a.company_user).get(detail_url(programme_a.need)).status_code == 404


# Forms --------------------------------------------------------------------------------------


def form_data(world, **overrides):
    data = {
        "programme": world.programme.pk,
        "host": world.host.pk,
        "stated_by": "Food Valley management committee",
        "heard_on": "2026-03-17",
        "mission": world.mission.pk,
        "region": world.city.pk,
        "title": "Cold storage for vegetables",
        "description": "Export-grade cold chain.",
        "language": "en",
        "domains": ["food", "energy"],
        "cpv_codes": "39711130, 42500000",
        "excluded_countries": "us jp",
        "required_languages": "EN",
        "required_certification": "",
    }
    data.update(overrides)
    return data


def test_operator_records_a_need(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    form_page = client.get(CREATE)
    html = form_page.content.decode()
    # "Who said it, when, on which mission" come first, as fieldsets.
    assert text(form_page).index("Who said it") < text(form_page).index("When and where")
    host_select = re.search(r'<select name="host".*?</select>', html, flags=re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", host_select) == ["---------", "Host a"]

    response = client.post(CREATE, form_data(programme_a))
    need = Need.objects.get(title="Cold storage for vegetables")
    assert response.status_code == 302
    assert response["Location"] == detail_url(need)
    assert (need.host, need.stated_by, need.heard_on, need.mission) == (
        programme_a.host,
        "Food Valley management committee",
        dt.date(2026, 3, 17),
        programme_a.mission,
    )
    assert need.cpv_codes == ["39711130", "42500000"]
    assert need.excluded_countries == ["US", "JP"]
    assert need.required_languages == ["en"]
    assert sorted(need.domains.values_list("code", flat=True)) == ["energy", "food"]


def test_form_offers_only_hosts_and_missions_of_the_users_programmes(
    programme_a, programme_b, client_for
):
    html = client_for(programme_a.operator_user).get(CREATE).content.decode()
    assert "Host b" not in html
    assert "Mission b" not in html
    assert "Programme b" not in html


def test_need_without_host_is_rejected_with_a_message_on_the_field(programme_a, client_for):
    response = client_for(programme_a.operator_user).post(CREATE, form_data(programme_a, host=""))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "host": ["Name the host organisation that stated this need."]
    }
    assert "Name the host organisation that stated this need." in text(response)
    assert not Need.objects.filter(title="Cold storage for vegetables").exists()


def test_bad_codes_are_shown_on_their_fields(programme_a, client_for):
    response = client_for(programme_a.operator_user).post(
        CREATE, form_data(programme_a, cpv_codes="123, 90481000", required_languages="english")
    )
    assert response.context["form"].errors == {
        "cpv_codes": ["Not a CPV code: 123 (expected 8 digits, e.g. 90481000)."],
        "required_languages": ["Not a language code: english (expected e.g. en, fi, zh)."],
    }
    assert not Need.objects.filter(title="Cold storage for vegetables").exists()


def test_mission_of_another_programme_cannot_be_posted(programme_a, programme_b, client_for):
    response = client_for(programme_a.operator_user).post(
        CREATE, form_data(programme_a, mission=programme_b.mission.pk)
    )
    assert list(response.context["form"].errors) == ["mission"]
    assert not Need.objects.filter(title="Cold storage for vegetables").exists()


def test_host_user_records_a_need_for_its_own_organisation(programme_a, client_for):
    client = client_for(programme_a.host_user)
    form_page = client.get(CREATE)
    assert "host" not in form_page.context["form"].fields
    assert "Host organisation: Host a" in text(form_page)
    # A posted host is ignored: the host is fixed to the user's organisation.
    response = client.post(CREATE, form_data(programme_a, host=""))
    need = Need.objects.get(title="Cold storage for vegetables")
    assert response["Location"] == detail_url(need)
    assert need.host == programme_a.host
    assert need.created_by == programme_a.host_user


def test_operator_edits_a_need(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    url = reverse("needs:edit", kwargs={"need_pk": programme_a.need.pk})
    page = client.get(url)
    assert "programme" not in page.context["form"].fields
    assert 'value="45252100"' in page.content.decode()
    data = form_data(programme_a, title="Renamed need")
    del data["programme"]
    response = client.post(url, data)
    assert response["Location"] == detail_url(programme_a.need)
    need = Need.objects.get(pk=programme_a.need.pk)
    assert (need.title, need.programme) == ("Renamed need", programme_a.programme)


def test_edit_of_another_programme_is_404(programme_a, programme_b, client_for):
    url = reverse("needs:edit", kwargs={"need_pk": programme_b.need.pk})
    client = client_for(programme_a.operator_user)
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(programme_b)).status_code == 404
    assert Need.objects.get(pk=programme_b.need.pk).title == "Need b"


# Status -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["operator_user", "host_user"])
def test_status_change_by_post(programme_a, client_for, role):
    url = reverse("needs:status", kwargs={"need_pk": programme_a.need.pk})
    client = client_for(getattr(programme_a, role))
    response = client.post(url, {"status": "answered"}, follow=True)
    assert Need.objects.get(pk=programme_a.need.pk).status == "answered"
    assert "Status changed to “Answered”." in text(response)


def test_status_change_rejects_get_and_bad_values(programme_a, client_for):
    url = reverse("needs:status", kwargs={"need_pk": programme_a.need.pk})
    client = client_for(programme_a.operator_user)
    assert client.get(url).status_code == 405
    response = client.post(url, {"status": "finished"}, follow=True)
    assert "Choose a valid status." in text(response)
    assert Need.objects.get(pk=programme_a.need.pk).status == "open"


def test_status_of_another_programme_is_404(programme_a, programme_b, client_for):
    url = reverse("needs:status", kwargs={"need_pk": programme_b.need.pk})
    assert client_for(programme_a.operator_user).post(url, {"status": "closed"}).status_code == 404
    assert Need.objects.get(pk=programme_b.need.pk).status == "open"


def test_the_only_programme_is_preselected(programme_a, client_for):
    html = client_for(programme_a.operator_user).get(CREATE).content.decode()
    assert f'<option value="{programme_a.programme.pk}" selected>Programme a</option>' in html


def test_host_user_edits_its_need_without_a_host_field(programme_a, client_for):
    url = reverse("needs:edit", kwargs={"need_pk": programme_a.need.pk})
    client = client_for(programme_a.host_user)
    assert "host" not in client.get(url).context["form"].fields
    data = form_data(programme_a, title="Restated by the host")
    del data["programme"], data["host"]
    response = client.post(url, data)
    assert response["Location"] == detail_url(programme_a.need)
    need = Need.objects.get(pk=programme_a.need.pk)
    assert (need.title, need.host) == ("Restated by the host", programme_a.host)
