"""The UI in Finnish, Swedish, Estonian and Simplified Chinese.

Pages are rendered in each language (chosen by ``Accept-Language``, by the language cookie
and by the footer's language switcher) and checked for exact translated strings. The
catalogues themselves are checked with a small .po reader and the standard library's .mo
reader, so the test needs neither gettext nor any package beyond the runtime ones.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

import sme2go

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(sme2go.__file__).parent / "locale"
# Django language code -> the locale directory gettext uses for it.
CATALOGUES = {"fi": "fi", "sv": "sv", "et": "et", "zh-hans": "zh_Hans"}
NPLURALS = {"fi": 2, "sv": 2, "et": 2, "zh-hans": 1}

LOGIN = {
    "fi": [
        "<h1>Kirjaudu sme2go-palveluun</h1>",
        '<label for="id_username">Käyttäjätunnus</label>',
        '<label for="id_password">Salasana</label>',
        '<button type="submit">Kirjaudu sisään</button>',
        "Unohditko salasanasi?",
    ],
    "sv": [
        "<h1>Logga in på sme2go</h1>",
        '<label for="id_username">Användarnamn</label>',
        '<label for="id_password">Lösenord</label>',
        '<button type="submit">Logga in</button>',
        "Har du glömt lösenordet?",
    ],
    "et": [
        "<h1>Logi sisse keskkonda sme2go</h1>",
        '<label for="id_username">Kasutajanimi</label>',
        '<label for="id_password">Parool</label>',
        '<button type="submit">Logi sisse</button>',
        "Unustasite parooli?",
    ],
    "zh-hans": [
        "<h1>登录 sme2go</h1>",
        '<label for="id_username">用户名</label>',
        '<label for="id_password">密码</label>',
        '<button type="submit">登录</button>',
        "忘记密码？",
    ],
}

OPERATOR_DASHBOARD = {
    "fi": [
        "<title>Yleisnäkymä · sme2go</title>",
        "<h2>Ohjelmasi</h2>",
        "<dt>Yritykset</dt>",
        "<dt>Isäntäorganisaatiot</dt>",
        "<dt>Avoimet tarpeet</dt>",
        "<h2>Tulevat delegaatiomatkat</h2>",
        "<h2>Viimeksi kirjatut tarpeet</h2>",
        ">Paikalliset kumppanit</a>",
        ">Delegaatiomatkat</a>",
        ">Kirjaudu ulos</button>",
        '<label for="language">Kieli</label>',
    ],
    "sv": [
        "<title>Översikt · sme2go</title>",
        "<h2>Dina program</h2>",
        "<dt>Företag</dt>",
        "<dt>Värdorganisationer</dt>",
        "<dt>Öppna behov</dt>",
        "<h2>Kommande delegationsresor</h2>",
        "<h2>Senast registrerade behov</h2>",
        ">Lokala motparter</a>",
        ">Delegationsresor</a>",
        ">Logga ut</button>",
        '<label for="language">Språk</label>',
    ],
    "et": [
        "<title>Töölaud · sme2go</title>",
        "<h2>Teie programmid</h2>",
        "<dt>Ettevõtted</dt>",
        "<dt>Vastuvõtjad</dt>",
        "<dt>Avatud vajadused</dt>",
        "<h2>Eelseisvad ärimissioonid</h2>",
        "<h2>Hiljuti kirja pandud vajadused</h2>",
        ">Kohalikud partnerid</a>",
        ">Ärimissioonid</a>",
        ">Logi välja</button>",
        '<label for="language">Keel</label>',
    ],
    "zh-hans": [
        "<title>工作台 · sme2go</title>",
        "<h2>您的项目计划</h2>",
        "<dt>企业</dt>",
        "<dt>接待单位</dt>",
        "<dt>开放需求</dt>",
        "<h2>即将进行的经贸考察</h2>",
        "<h2>最近登记的需求</h2>",
        ">对接企业</a>",
        ">经贸考察</a>",
        ">退出登录</button>",
        '<label for="language">语言</label>',
    ],
}

COMPANY_DASHBOARD = {
    "fi": ["<h2>Yritysprofiilisi</h2>", "Sinulle hyväksytyt mahdollisuudet", ">Profiilimme</a>"],
    "sv": ["<h2>Din företagsprofil</h2>", "Möjligheter som godkänts för dig", ">Vår profil</a>"],
    "et": [
        "<h2>Teie ettevõtte profiil</h2>",
        "Teile heaks kiidetud võimalused",
        ">Meie profiil</a>",
    ],
    "zh-hans": ["<h2>贵企业简介</h2>", "已为您批准的商机", ">本企业简介</a>"],
}

HOST_DASHBOARD = {
    "fi": ["<h2>Esittämänne tarpeet</h2>", "<h2>Luoksenne saapuvat delegaatiot</h2>"],
    "sv": ["<h2>Behov ni har framfört</h2>", "<h2>Delegationer som besöker er</h2>"],
    "et": ["<h2>Teie esitatud vajadused</h2>", "<h2>Teid külastavad delegatsioonid</h2>"],
    "zh-hans": ["<h2>贵单位提出的需求</h2>", "<h2>来访代表团</h2>"],
}

LANGUAGES = list(CATALOGUES)


def assert_all_in(html: str, expected: list[str]) -> None:
    missing = [text for text in expected if text not in html]
    assert not missing, f"not on the page: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_login_page_follows_accept_language(client, language):
    response = client.get(reverse("login"), headers={"accept-language": language})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert_all_in(html, LOGIN[language])
    assert "Log in to sme2go" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_operator_dashboard_follows_language_cookie(programme_a, client_for, language):
    client = client_for(programme_a.operator_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("core:dashboard")).content.decode()
    assert f'<html lang="{language}">' in html
    assert_all_in(html, OPERATOR_DASHBOARD[language])
    assert "Your programmes" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_company_and_host_dashboards(programme_a, client_for, language):
    for user, expected in (
        (programme_a.company_user, COMPANY_DASHBOARD[language]),
        (programme_a.host_user, HOST_DASHBOARD[language]),
    ):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = client.get(reverse("core:dashboard")).content.decode()
        assert_all_in(html, expected)


def test_language_switcher_changes_the_language(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    assert "<h2>Your programmes</h2>" in client.get(reverse("core:dashboard")).content.decode()
    response = client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "<h2>Dina program</h2>" in html
    assert '<option value="sv" selected>' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_lazy_python_strings_are_translated(language):
    """Model labels, choices and form strings (gettext_lazy) resolve in each language."""
    from sme2go.missions.models import Mission
    from sme2go.needs.models import Need

    expected = {
        "fi": ("delegaatiomatka", "Avoin"),
        "sv": ("delegationsresa", "Öppet"),
        "et": ("ärimissioon", "Avatud"),
        "zh-hans": ("经贸考察", "开放"),
    }[language]
    with translation.override(language):
        assert str(Mission._meta.verbose_name) == expected[0]
        assert str(Need.Status.OPEN.label) == expected[1]


# --- the catalogues ---------------------------------------------------------------------


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr / msgstr[n], flags, obsolete."""
    entries: list[dict] = []
    entry: dict = {}
    field = None

    def flush():
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {}

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:  # an old translation msgmerge kept: read it, but mark it
            line = line[2:].strip()
        if not line:
            flush()
            field = None
        elif line.startswith("#,"):
            if "msgid" in entry:
                flush()
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            if "msgid" in entry:
                flush()
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            match = re.fullmatch(r"(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")", line)
            assert match, f"{path}: cannot read {raw!r}"
            field = match.group(1)
            if field == "msgid" and "msgid" in entry:
                flush()
            entry[field] = ast.literal_eval(match.group(2))
            if obsolete:
                entry["obsolete"] = True
    flush()
    return entries


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language):
    po = LOCALE_DIR / CATALOGUES[language] / "LC_MESSAGES" / "django.po"
    entries = parse_po(po)
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == ""
    assert f"Plural-Forms: nplurals={NPLURALS[language]};" in header["msgstr"]
    assert len(messages) > 400
    problems = []
    for entry in entries:
        if "fuzzy" in entry.get("flags", ()):
            problems.append(("fuzzy", entry["msgid"]))
        if entry.get("obsolete"):
            problems.append(("obsolete", entry["msgid"]))
    for entry in messages:
        if "msgid_plural" in entry:
            forms = [entry.get(f"msgstr[{n}]", "") for n in range(NPLURALS[language])]
            wanted = sorted(PLACEHOLDER.findall(entry["msgid_plural"]))
        else:
            forms = [entry.get("msgstr", "")]
            wanted = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for form in forms:
            if not form.strip():
                problems.append(("untranslated", entry["msgid"]))
            elif sorted(PLACEHOLDER.findall(form)) != wanted:
                problems.append(("placeholders differ", entry["msgid"]))
    assert not problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(language):
    """The committed .mo is compiled from the committed .po (the runtime has no gettext)."""
    directory = LOCALE_DIR / CATALOGUES[language] / "LC_MESSAGES"
    with (directory / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in parse_po(directory / "django.po")[1:]:
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            for n in range(NPLURALS[language]):
                count = {0: 1, 1: 5}[n]
                args = (entry["msgid"], entry["msgid_plural"], count)
                found = compiled.npgettext(context, *args) if context else compiled.ngettext(*args)
                assert found == entry[f"msgstr[{n}]"]
        else:
            found = (
                compiled.pgettext(context, entry["msgid"])
                if context
                else compiled.gettext(entry["msgid"])
            )
            assert found == entry["msgstr"], entry["msgid"]
