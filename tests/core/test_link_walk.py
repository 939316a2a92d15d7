"""Every link a user is shown leads to a page that user may open (issue 13, defect 9).

Company and host users' pages linked to organisation pages ("partner operators") that
answer 404 for them. The walk starts at the dashboard as each role, follows every
``<a href>`` into the site (breadth first, a bounded number of pages) and fails on a link
that answers 403, 404 or 5xx. New pages and links are covered without anyone adding them.
"""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.django_db

MAX_PAGES = 250
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')
# Not pages of the site: static files, Django's admin (its own permission pages), the
# language switcher, and downloads whose content is not HTML are fetched but not parsed.
SKIP = ("/static/", "/admin/", "/i18n/", "/api/")


def links(html: str) -> list[str]:
    found = []
    for raw in HREF.findall(html):
        url, _ = urldefrag(unescape(raw))
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith("/"):
            continue
        if url.startswith(SKIP):
            continue
        found.append(url)
    return found


def walk(client) -> tuple[int, list[str]]:
    """(pages fetched, broken links as "page -> link: status")."""
    seen = {"/"}
    queue = deque([("(start)", "/")])
    broken = []
    fetched = 0
    while queue and fetched < MAX_PAGES:
        source, url = queue.popleft()
        response = client.get(url)
        fetched += 1
        if response.status_code in (403, 404) or response.status_code >= 500:
            broken.append(f"{source} -> {url}: {response.status_code}")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in links(response.content.decode()):
            if link not in seen:
                seen.add(link)
                queue.append((url, link))
    return fetched, broken


@pytest.mark.parametrize("role", ["operator", "company", "host", "counterpart"])
def test_every_link_shown_opens(programme_a, programme_b, client_for, role):
    fetched, broken = walk(client_for(getattr(programme_a, f"{role}_user")))
    assert fetched >= 3
    assert not broken, "\n".join(broken)


def test_programme_page_names_partners_without_linking_them_for_companies(programme_a, client_for):
    url = f"/programmes/{programme_a.programme.pk}/"
    operator_page = client_for(programme_a.operator_user).get(url).content.decode()
    company_page = client_for(programme_a.company_user).get(url).content.decode()
    partner = f"/organisations/{programme_a.operator.pk}/"
    assert f'<a href="{partner}">Operator a</a>' in operator_page
    assert partner not in company_page
    assert "Operator a" in company_page
