"""Every filter of every list view, fed bad values: never a server error.

The lists are found in the URL configuration (every pattern whose view is a
``core.views.ScopedListView``), and their filters in the view's ``filterset_class``, so a
new list or a new filter is fuzzed without anyone adding it here. A bad value is ignored:
the page answers 200 with its usual heading.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sme2go.core.views import ScopedListView
from tests.core.test_tenancy_walk import iter_patterns

pytestmark = pytest.mark.django_db

BAD_VALUES = [
    "abc",
    "1.5",
    "-1",
    "0",
    "99999999999999999999",
    "9223372036854775808",
    "-9223372036854775809",
    "1e400",
    "nan",
    "ü漢字",
    "١٢",  # Arabic-Indic digits: int() accepts them
    "",
    " ",
    "\x00",
    "%",
    "' OR 1=1 --",
    "x" * 5000,
]


def list_views():
    """(URL name, view class) of every list view in the URL configuration."""
    from django.urls import get_resolver

    found = {}
    resolver = get_resolver()
    for name, kwargs in iter_patterns():
        if kwargs:
            continue
        view = resolver.resolve(reverse(name)).func
        view_class = getattr(view, "view_class", None)
        if view_class is not None and issubclass(view_class, ScopedListView):
            found[name] = view_class
    return sorted(found.items())


def parameters(view_class) -> list[str]:
    filterset = view_class.filterset_class
    names = list(filterset.base_filters) if filterset is not None else []
    return [*names, "q", "page"]


def heading(response) -> str:
    match = re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S)
    assert match, "the page has no heading"
    return match.group(1)


def test_the_walk_finds_the_lists():
    names = [name for name, _ in list_views()]
    for expected in (
        "companies:list",
        "organisations:hosts",
        "organisations:counterparts",
        "needs:list",
        "missions:list",
        "programmes:list",
    ):
        assert expected in names
    companies = dict(list_views())["companies:list"]
    assert parameters(companies) == [
        "domain",
        "country",
        "size",
        "programme",
        "recruited_by",
        "q",
        "page",
    ]


@pytest.mark.parametrize("role", ["operator", "company", "host"])
def test_bad_filter_values_never_answer_5xx(programme_a, client_for, role):
    client = client_for(getattr(programme_a, f"{role}_user"))
    failures = []
    for name, view_class in list_views():
        url = reverse(name)
        expected_heading = heading(client.get(url))
        for param in parameters(view_class):
            queries = [{param: value} for value in BAD_VALUES]
            # A repeated parameter, once with a good value last and once with a bad one.
            queries += [{param: ["abc", "1"]}, {param: ["1", "abc", "ü"]}]
            for query in queries:
                response = client.get(url, query)
                if response.status_code != 200:
                    failures.append(f"{name} {param}={query[param]!r}: {response.status_code}")
                elif heading(response) != expected_heading:
                    failures.append(f"{name} {param}={query[param]!r}: heading changed")
    assert not failures, "\n".join(failures)


def listed(response) -> list[str]:
    """The name linked first in each row of the list's table, in order."""
    table = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    rows = table.split("<tr")[1:]
    return [m.group(1) for r in rows if (m := re.search(r'<a href="/[a-z]+/\d+/">([^<]+)</a>', r))]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # The URLs of issue 13 that answered 500: the bad filter is now ignored.
        ("/companies/?programme=abc", ["Company a"]),
        ("/companies/?programme=1.5", ["Company a"]),
        ("/companies/?recruited_by=abc", ["Company a"]),
        ("/hosts/?programme=99999999999999999999", ["Host a"]),
        ("/hosts/?region=9223372036854775808", ["Host a"]),
        ("/counterparts/?programme=abc", ["Counterpart a"]),
        ("/missions/?status=nonsense", ["Mission a"]),
        ("/needs/?page=abc", ["Need a"]),
        ("/companies/?page=99999999999999999999", ["Company a"]),
    ],
)
def test_reported_filter_urls_ignore_the_bad_value(programme_a, client_for, url, expected):
    response = client_for(programme_a.operator_user).get(url)
    assert response.status_code == 200
    assert listed(response) == expected


def test_a_good_filter_value_still_filters(programme_a, programme_b, client_for):
    client = client_for(programme_a.operator_user)
    own = programme_a.programme.pk
    assert listed(client.get(f"/companies/?programme={own}")) == ["Company a"]
    assert listed(client.get("/companies/?size=micro")) == []
    # Another programme's key is not a choice for this user: ignored like any bad value.
    assert listed(client.get(f"/hosts/?programme={programme_b.programme.pk}")) == ["Host a"]
    assert listed(client.get(f"/hosts/?region={programme_a.city.pk}")) == ["Host a"]
    assert listed(client.get("/hosts/?host_type=city_government")) == ["Host a"]
    assert listed(client.get("/hosts/?host_type=agency")) == []
