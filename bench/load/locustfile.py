"""Load scenario for ``make bench-load``: demo users of every role at work.

Each simulated user logs in as one of the demo logins (posintra, vasteras, aqua, rizhao in
turn), then browses: opens the lists its navigation offers, opens detail pages linked from
them, and now and then opens an edit form linked from a detail page and sends it back
unchanged (an idempotent write that still runs validation, the domain function and the
redirect). Links are discovered from the pages, so every request is one the role's own
pages offer; any answer other than 2xx/3xx counts as an error.

Hosts: ``SME2GO_BENCH_HOSTS`` (comma-separated base URLs, one per server process; users
are spread over them in turn), else locust's ``--host``. With ``SME2GO_BENCH_SUMMARY`` set,
the exact percentiles of all requests and of the requests after log-in (log-in itself
costs a deliberately slow password hash) are written there as JSON when locust stops.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, events, task

USERNAMES = ("posintra", "vasteras", "aqua", "rizhao")
PASSWORD = "sme2go-demo"
_next_login = itertools.cycle(USERNAMES)
_hosts = [h.strip().rstrip("/") for h in os.environ.get("SME2GO_BENCH_HOSTS", "").split(",")]
_next_host = itertools.cycle([h for h in _hosts if h] or [None])

LIST_PATHS = re.compile(r"^/(companies|hosts|counterparts|needs|missions|programmes)/$")
DETAIL_PATHS = re.compile(r"^/(companies|needs|missions|programmes|organisations)/\d+/$")
EDIT_PATHS = re.compile(r"^/[a-z/]+/\d+/edit/$")
# Grouping for the statistics: one line per kind of page, not per object.
NUMBER = re.compile(r"/\d+/")


class Page(HTMLParser):
    """The links of a page and the fields of its forms, as a browser would send them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(a["href"].split("#")[0])
        elif tag == "option":
            if self._form is not None and self._select and "selected" in a:
                self._form["fields"].append((self._select, a.get("value", "")))
        elif tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(), "fields": []}
            self._form["action"] = a.get("action")
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                default = "on" if kind == "checkbox" else ""
                self._form["fields"].append((a["name"], a.get("value") or default))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form["fields"].append((a["name"], ""))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self._form is not None:
            name, value = self._form["fields"][-1]
            self._form["fields"][-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


_timings: list[tuple[str, float, bool]] = []


@events.request.add_listener
def _record(name: str, response_time: float, exception, **kwargs) -> None:
    _timings.append((name, response_time, exception is not None))


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (``share`` from 0 to 1) of ``values``, in milliseconds."""
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(share * len(ordered)) - 1)], 1)


def summary(rows: list[tuple[str, float, bool]]) -> dict:
    times = [time for _, time, _ in rows]
    return {
        "requests": len(rows),
        "errors": sum(failed for _, _, failed in rows),
        **{f"p{n}_ms": percentile(times, n / 100) if times else None for n in (50, 95, 99)},
    }


@events.quitting.add_listener
def _write_summary(environment, **kwargs) -> None:
    path = os.environ.get("SME2GO_BENCH_SUMMARY")
    if not path:
        return
    after_login = [row for row in _timings if not row[0].startswith("/accounts/login/")]
    by_page: dict[str, list] = {}
    for row in after_login:
        by_page.setdefault(row[0], []).append(row)
    result = {
        "all": summary(_timings),
        "after_login": summary(after_login),
        "pages": {name: summary(rows) for name, rows in sorted(by_page.items())},
    }
    with open(path, "w") as out:
        json.dump(result, out, indent=2)


def group(path: str) -> str:
    return NUMBER.sub("/[id]/", path.split("?")[0])


class DemoUser(HttpUser):
    wait_time = between(1, 3)

    def __init__(self, environment) -> None:
        super().__init__(environment)
        host = next(_next_host)
        if host:
            self.host = host
            self.client.base_url = host

    def on_start(self) -> None:
        self.username = next(_next_login)
        form = self.client.get("/accounts/login/", name="/accounts/login/")
        token = self.client.cookies.get("csrftoken")
        self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": form.url},
            name="/accounts/login/ (post)",
        )
        dashboard = Page(self.get("/").text)
        self.lists = sorted({link for link in dashboard.links if LIST_PATHS.match(link)})
        self.details = sorted({link for link in dashboard.links if DETAIL_PATHS.match(link)})

    def get(self, path: str):
        return self.client.get(path, name=group(path))

    @task(4)
    def browse_a_list(self) -> None:
        if not self.lists:
            return
        page = Page(self.get(random.choice(self.lists)).text)
        found = {link for link in page.links if DETAIL_PATHS.match(link.split("?")[0])}
        self.details = sorted(set(self.details) | found)[:200]

    @task(4)
    def open_a_detail(self) -> None:
        if self.details:
            self.get(random.choice(self.details))

    @task(1)
    def send_a_form_back_unchanged(self) -> None:
        if not self.details:
            return
        detail = Page(self.get(random.choice(self.details)).text)
        edits = [link for link in detail.links if EDIT_PATHS.match(link)]
        if not edits:
            return
        edit_path = random.choice(edits)
        page = self.get(edit_path)
        forms = [f for f in Page(page.text).forms if f["method"] == "post" and not f["action"]]
        if not forms:
            return
        with self.client.post(
            edit_path,
            forms[0]["fields"],
            headers={"Referer": page.url},
            name=f"{group(edit_path)} (post)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"form sent back unchanged answered {response.status_code}")
