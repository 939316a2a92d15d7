"""Content in the reader's language: translations people entered, the original marked with
its language where there is none, and country and language names in the UI language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from sme2go.core.content_language import shown
from sme2go.demo import data
from sme2go.demo.loader import load_demo
from sme2go.missions.models import Mission, Visit
from sme2go.needs import domain as needs_domain
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation
from tests.pagetext import page_text

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
FI = {"HTTP_ACCEPT_LANGUAGE": "fi"}


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request in the zh or fi UI leaves its language active in this thread (Django's
    LocaleMiddleware does not reset it); later tests expect the default."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def demo(db):
    load_demo()
    users = get_user_model().objects
    return {name: users.get(username=name) for name in ("posintra", "vasteras", "aqua", "rizhao")}


def need(title: str) -> Need:
    return Need.objects.get(title_en=title)


def need_url(title: str) -> str:
    return reverse("needs:detail", kwargs={"need_pk": need(title).pk})


def test_the_zh_ui_shows_the_chinese_title_and_description_on_the_need_page(demo, client_for):
    html = client_for(demo["rizhao"]).get(need_url(data.WASTE_WATER), **ZH).content.decode()

    assert '<h1>农村及小城镇污水处理 <span class="status status-open">' in html
    assert (
        "<div><p>日照希望引进北欧分散式污水处理技术，服务于人口500至2万的农村和小城镇"
        "——这些地方接入中心污水厂的管网成本过高。"
    ) in html
    # The host's name is its Chinese one, once (not again beside itself).
    assert html.count("日照市人民政府") == 1


def test_the_zh_ui_shows_chinese_need_and_visit_titles_on_the_mission_page(demo, client_for):
    mission = Mission.objects.get(title=data.MISSION_TITLE)
    url = reverse("missions:detail", kwargs={"mission_pk": mission.pk})
    text = page_text(client_for(demo["posintra"]).get(url, **ZH))

    assert "农村及小城镇污水处理" in text
    assert "日照国家森林公园周边低层木结构建筑" in text
    assert "与日照市领导会谈" in text
    assert "工厂参观：速冻蔬菜加工" in text
    assert data.WASTE_WATER not in text


def test_a_need_without_a_zh_translation_shows_the_english_original_marked(demo, client_for):
    html = client_for(demo["vasteras"]).get(need_url(data.HEATING), **ZH).content.decode()

    assert (
        '<h1><span lang="en">Energy saving in the Weifang district-heating network</span> '
        '<small class="lang-note">(英语)</small> <span class="status status-open">'
    ) in html
    # Its description was heard in Chinese: the original, shown unmarked to a Chinese reader.
    assert "<div><p>潍坊市计划对城市集中供热管网进行节能改造" in html


def test_the_finnish_ui_shows_the_finnish_translation_and_marks_a_chinese_original(
    demo, client_for
):
    html = client_for(demo["vasteras"]).get(need_url(data.HEATING), **FI).content.decode()

    assert "<h1>Energiansäästö Weifangin kaukolämpöverkossa <span" in html
    assert '<div><p><span lang="zh-hans">潍坊市计划对城市集中供热管网进行节能改造' in html
    assert '<small class="lang-note">(kiina (yksinkertaistettu))</small>' in html


def test_the_english_ui_shows_the_english_translation_of_a_chinese_description(demo, client_for):
    html = client_for(demo["vasteras"]).get(need_url(data.HEATING)).content.decode()

    assert "<div><p>Weifang plans to renovate the city&#x27;s district-heating network" in html
    assert "lang-note" not in html


@pytest.mark.parametrize(
    ("headers", "country", "languages", "markets"),
    [
        (FI, "Suomi", "suomi, ruotsi, englanti", "Kiina, Vietnam, Intia"),
        (ZH, "芬兰", "芬兰语, 瑞典语, 英语", "中国, 越南, 印度"),
        ({}, "Finland", "Finnish, Swedish, English", "China, Vietnam, India"),
    ],
)
def test_country_and_language_codes_are_named_in_the_ui_language(
    demo, client_for, headers, country, languages, markets
):
    kirkasvirta = Organisation.objects.get(name_en="Kirkasvirta Water Oy")
    url = reverse("companies:detail", kwargs={"organisation_pk": kirkasvirta.pk})
    html = client_for(demo["aqua"]).get(url, **headers).content.decode()

    assert f"<dd>{country}</dd>" in html
    assert f"<dd>{languages}</dd>" in html
    assert f"<dd>{markets}</dd>" in html


def test_the_plain_attribute_is_the_original_whatever_the_ui_language(demo):
    heating = need(data.HEATING)
    with translation.override("zh-hans"):
        assert heating.title == data.HEATING
        assert heating.description.startswith("潍坊市计划")
        assert str(heating.host) == "Weifang Municipal People's Government"
        # Written in the Chinese UI, the plain name still changes the original's column.
        visit = Visit.objects.get(title_en="Meeting with Rizhao city leaders")
        visit.title = "Meeting with the Rizhao city leaders"
        visit.save()
    visit.refresh_from_db()
    assert (visit.title_en, visit.title_zh_hans) == (
        "Meeting with the Rizhao city leaders",
        "与日照市领导会谈",
    )


def test_record_need_in_the_zh_ui_files_the_original_and_the_translation(demo):
    posintra = demo["posintra"]
    rizhao = Organisation.objects.get(name_en="Rizhao Municipal People's Government")
    mission = Mission.objects.get(title=data.MISSION_TITLE)
    with translation.override("zh-hans"):
        created = needs_domain.record_need(
            actor=posintra,
            programme=mission.programme,
            host=rizhao,
            title="Sponge-city rain gardens",
            heard_on=data.D(2027, 3, 18),
            title_zh_hans="海绵城市雨水花园",
        )
    created.refresh_from_db()
    assert (created.language, created.title_en, created.title_zh_hans, created.title_fi) == (
        "en",
        "Sponge-city rain gardens",
        "海绵城市雨水花园",
        None,
    )
    with translation.override("fi"):
        assert shown(created, "title").text == "Sponge-city rain gardens"
        assert shown(created, "title").foreign
    with translation.override("zh-hans"):
        assert shown(created, "title").text == "海绵城市雨水花园"
        assert not shown(created, "title").foreign


def test_the_need_form_edits_translations_in_other_languages(demo, client_for):
    waste_water = need(data.WASTE_WATER)
    url = reverse("needs:edit", kwargs={"need_pk": waste_water.pk})
    client = client_for(demo["posintra"])
    response = client.get(url, **ZH)
    form = response.context["form"]
    legends = [legend for legend, _fields in form.grouped_fields()]

    assert [str(legend) for legend in legends][3] == "其他语言版本"  # In other languages
    # The original is edited in its own language, even in the Chinese UI.
    assert form.initial["title"] == data.WASTE_WATER
    assert form.initial["title_zh_hans"] == "农村及小城镇污水处理"
    assert "title_en" not in form.fields
    assert str(form.fields["title_fi"].label) == f"{form.fields['title'].label} (芬兰语)"

    data_ = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data_.update(
        {
            "host": waste_water.host_id,
            "mission": waste_water.mission_id,
            "region": waste_water.region_id,
            "domains": [d.pk for d in waste_water.domains.all()],
            "cpv_codes": ", ".join(waste_water.cpv_codes),
            "heard_on": "2027-03-18",
            "title_sv": "Avloppsrening för byar och småstäder",
        }
    )
    data_.pop("answered_by", None)
    response = client.post(url, data_, **ZH)
    assert response.status_code == 302, response.context["form"].errors
    waste_water.refresh_from_db()
    assert (waste_water.title_en, waste_water.title_zh_hans, waste_water.title_sv) == (
        data.WASTE_WATER,
        "农村及小城镇污水处理",
        "Avloppsrening för byar och småstäder",
    )


def test_the_needs_search_finds_a_chinese_title_from_any_ui_language(demo, client_for):
    url = reverse("needs:list")
    text = page_text(client_for(demo["posintra"]).get(url, {"q": "污水"}))

    assert data.WASTE_WATER in text
    assert data.TIMBER not in text


def test_the_admin_edits_the_original_and_keeps_the_translations(demo, admin_client):
    rizhao = Organisation.objects.get(name_en="Rizhao Municipal People's Government")
    url = reverse("admin:organisations_organisation_change", args=[rizhao.pk])
    page = admin_client.get(url, **ZH)
    form = page.context["adminform"].form

    assert form.initial["name"] == "Rizhao Municipal People's Government"
    assert "name_zh_hans" not in form.fields and "name_en" not in form.fields

    post = {name: value for name, value in form.initial.items() if value is not None}
    post.update({"name": "Rizhao Municipal Government", "region": rizhao.region_id})
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        post.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = admin_client.post(url, post, **ZH)
    assert response.status_code == 302, response.context["adminform"].form.errors
    rizhao.refresh_from_db()
    assert (rizhao.name_en, rizhao.name_zh_hans) == (
        "Rizhao Municipal Government",
        "日照市人民政府",
    )


def _unchanged_post(form) -> dict:
    """What a browser posts for ``form`` when the user changes nothing."""
    post = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            post[name] = [getattr(item, "pk", item) for item in value]
        else:
            post[name] = getattr(value, "pk", value)
    return post


@pytest.mark.parametrize("headers", [{}, ZH, FI], ids=["en", "zh", "fi"])
def test_a_need_whose_original_title_was_never_recorded_saves_unchanged(demo, client_for, headers):
    # The heating need was heard in Chinese, but only its English and Finnish titles exist.
    heating = need(data.HEATING)
    client = client_for(demo["posintra"])
    url = reverse("needs:edit", kwargs={"need_pk": heating.pk})
    form = client.get(url, **headers).context["form"]
    assert form.fields["title"].required is False

    response = client.post(url, _unchanged_post(form), **headers)

    assert response.status_code == 302
    heating.refresh_from_db()
    assert (heating.title_zh_hans or "", heating.title_en, heating.title_fi) == (
        "",
        data.HEATING,
        "Energiansäästö Weifangin kaukolämpöverkossa",
    )


def test_a_need_title_emptied_in_every_language_is_refused(demo, client_for):
    heating = need(data.HEATING)
    client = client_for(demo["posintra"])
    url = reverse("needs:edit", kwargs={"need_pk": heating.pk})
    post = _unchanged_post(client.get(url).context["form"])
    post.update(title="", title_en="", title_fi="")

    response = client.post(url, post)

    assert response.context["form"].errors["title"] == ["Enter this text in one language at least."]
    heating.refresh_from_db()
    assert heating.title_en == data.HEATING


def test_a_need_with_its_original_title_still_requires_it(demo, client_for):
    wastewater = need(data.WASTE_WATER)
    client = client_for(demo["posintra"])
    url = reverse("needs:edit", kwargs={"need_pk": wastewater.pk})
    post = _unchanged_post(client.get(url).context["form"])
    post["title"] = ""

    response = client.post(url, post)

    assert response.context["form"].errors["title"] == ["This field is required."]
