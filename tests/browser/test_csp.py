"""No page of any demo role trips the Content-Security-Policy.

Each role logs in and opens its dashboard and every page the dashboard links to (the
navigation included); the administrator opens every model list of the Django admin. Chromium reports a blocked inline script or style, or any other
violation, both as a ``securitypolicyviolation`` event and on the console; the test
collects both and expects neither.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.test_roles import log_in

pytestmark = pytest.mark.browser

# Recorded in the page before any of its own code runs, so nothing can slip past.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""

# Links that leave the role's pages or end the session.
SKIPPED_PREFIXES = ("/accounts/logout", "/admin/", "/i18n/")


@pytest.fixture
def demo(transactional_db):
    from sme2go.demo.loader import load_demo

    load_demo()


def dashboard_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != base or parts.path.startswith(SKIPPED_PREFIXES):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path not in paths:
            paths.append(path)
    return paths


@pytest.mark.parametrize("username", ["posintra", "vasteras", "aqua", "rizhao"])
def test_no_page_of_the_role_reports_a_csp_violation(page, live_server, demo, username):
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, live_server, username)
    page.wait_for_url(f"{live_server.url}/")
    paths = ["/", *dashboard_links(page, live_server.url)]
    assert len(paths) > 3, paths

    violations = {}
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status < 500, path
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        found = page.evaluate("window.__cspViolations")
        if found:
            violations[path] = found
    assert violations == {}
    assert console == []


def test_no_admin_page_reports_a_csp_violation(page, live_server, demo):
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, live_server, "admin")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/admin/")
    lists = page.eval_on_selector_all(
        "#content-main th[scope=row] a", "links => [...new Set(links.map(a => a.href))]"
    )
    assert len(lists) > 10, lists
    violations = {}
    for url in [f"{live_server.url}/admin/", *lists]:
        page.goto(url)
        found = page.evaluate("window.__cspViolations")
        if found:
            violations[url] = found
    assert violations == {}
