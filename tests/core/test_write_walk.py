"""Every URL that accepts POST, posted to by every role: the answers come from ONE table.

How it works
------------
The walk reads the URL configuration (as the read walk in ``test_tenancy_walk.py`` does),
fills each object keyword with programme A's objects (``World.url_kwargs()``) and POSTs
to each URL once as a superuser. A URL that does not answer 405 accepts POST, and must
have a row in :data:`EXPECTED` below; a POST URL without a row fails the walk. Then every
URL in the table is posted to as

* each role of programme A (the object's own programme): the answer is the row's;
* each role of programme B (a foreign programme): 404 for a URL naming an object
  (tenancy: another programme's object does not exist); the row's answer for a URL
  naming none (a "new ..." page has no programme to be foreign to);
* an anonymous visitor: a redirect to the log-in page.

Each POST runs in a savepoint that is rolled back, so one role's write does not change
what the next role finds. When the answer is a refusal (403/404, or the log-in redirect)
the walk also asserts that no row of any sme2go table changed.

Adding a row for a new POST URL
-------------------------------
``"app:name": row(manager=..., adviser=..., company=..., host=..., counterpart=...)``,
each value the status code that role gets:

* 200: allowed, the form is shown again (the walk posts ``data``, by default nothing,
  so a form answers with its errors);
* 302: allowed, the action is done (delete, refresh, status change...);
* 403: the role sees the object but may not do this;
* 404: the object is invisible to the role (or the page does not exist for it).

``data`` is the POST body, ``query`` a query string the URL needs (``?kind=host``).
A URL keyword ``organisation_pk`` is filled with the host organisation for
``organisations:*`` URLs and with the company elsewhere (as in the read walk).
Views that only read are declared GET-only (``require_safe``, or a ``ListView`` /
``DetailView``) so that they answer 405 to a POST and need no row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sme2go.organisations.models import Membership
from tests.core.test_tenancy_walk import iter_patterns
from tests.factories import client_for, make_user

pytestmark = pytest.mark.django_db

ROLES = ("manager", "adviser", "company", "host", "counterpart")


@dataclass(frozen=True)
class Row:
    manager: int
    adviser: int
    company: int
    host: int
    counterpart: int
    data: dict = field(default_factory=dict)
    query: str = ""


def row(**kwargs) -> Row:
    return Row(**kwargs)


EXPECTED: dict[str, Row] = {
    # --- programmes ---
    "programmes:create": row(manager=200, adviser=200, company=403, host=403, counterpart=403),
    "programmes:edit": row(manager=200, adviser=200, company=403, host=403, counterpart=403),
    "programmes:enrol": row(manager=200, adviser=200, company=403, host=403, counterpart=403),
    "programmes:enrolment_edit": row(
        manager=200, adviser=200, company=403, host=404, counterpart=404
    ),
    # --- companies (organisation_pk = the company) ---
    "companies:create": row(manager=200, adviser=200, company=403, host=403, counterpart=403),
    "companies:edit": row(manager=200, adviser=200, company=200, host=404, counterpart=404),
    "companies:product_create": row(
        manager=200, adviser=200, company=200, host=404, counterpart=404
    ),
    "companies:product_edit": row(manager=200, adviser=200, company=200, host=404, counterpart=404),
    "companies:product_delete": row(
        manager=302, adviser=302, company=302, host=404, counterpart=404
    ),
    "companies:certification_create": row(
        manager=200, adviser=200, company=200, host=404, counterpart=404
    ),
    "companies:certification_edit": row(
        manager=200, adviser=200, company=200, host=404, counterpart=404
    ),
    "companies:certification_delete": row(
        manager=302, adviser=302, company=302, host=404, counterpart=404
    ),
    # --- organisations (organisation_pk = the host) ---
    "organisations:create": row(
        manager=200, adviser=200, company=403, host=403, counterpart=403, query="?kind=host"
    ),
    "organisations:edit": row(manager=200, adviser=200, company=404, host=200, counterpart=404),
    "organisations:contact_create": row(
        manager=200, adviser=200, company=404, host=200, counterpart=404
    ),
    "organisations:contact_edit": row(
        manager=200, adviser=200, company=404, host=200, counterpart=404
    ),
    "organisations:contact_delete": row(
        manager=302, adviser=302, company=404, host=302, counterpart=404
    ),
    # --- needs (the host states its own needs) ---
    "needs:create": row(manager=200, adviser=200, company=403, host=200, counterpart=403),
    "needs:edit": row(manager=200, adviser=200, company=404, host=200, counterpart=404),
    "needs:status": row(
        manager=302, adviser=302, company=404, host=302, counterpart=404, data={"status": "closed"}
    ),
    # --- matches (advisers' work; the host sees its need but may not re-rank) ---
    "matches:refresh": row(manager=302, adviser=302, company=404, host=403, counterpart=404),
    "matches:decide": row(
        manager=302,
        adviser=302,
        company=404,
        host=404,
        counterpart=404,
        data={"decision": "rejected", "reason": "Not in our sector."},
    ),
    "matches:comment": row(
        manager=302, adviser=302, company=404, host=404, counterpart=404, data={"text": "Call."}
    ),
    # --- calendar feeds (every user creates and revokes their own; the walk's feed is the
    # manager's) ---
    "agendas:feed_create": row(manager=302, adviser=302, company=302, host=302, counterpart=302),
    "agendas:feed_revoke": row(manager=302, adviser=404, company=404, host=404, counterpart=404),
    # --- missions (participants and visited hosts see the mission, only operators plan) ---
    "missions:create": row(manager=200, adviser=200, company=403, host=403, counterpart=403),
    "missions:edit": row(manager=200, adviser=200, company=403, host=403, counterpart=404),
    "missions:participants": row(manager=200, adviser=200, company=403, host=403, counterpart=404),
    "missions:day_create": row(manager=200, adviser=200, company=403, host=403, counterpart=404),
    "missions:day_edit": row(manager=200, adviser=200, company=403, host=403, counterpart=404),
    "missions:day_delete": row(manager=302, adviser=302, company=403, host=403, counterpart=404),
    "missions:leg_create": row(manager=200, adviser=200, company=403, host=403, counterpart=404),
    "missions:leg_edit": row(manager=200, adviser=200, company=403, host=403, counterpart=404),
    "missions:leg_delete": row(manager=302, adviser=302, company=403, host=403, counterpart=404),
    "missions:visit_create": row(manager=200, adviser=200, company=403, host=403, counterpart=404),
    "missions:visit_edit": row(manager=200, adviser=200, company=403, host=403, counterpart=404),
    "missions:visit_delete": row(manager=302, adviser=302, company=403, host=403, counterpart=404),
    # --- planning: meeting requests (the world's request: the company asks the counterpart,
    # whom the delegation does not visit; the host is no party to it) ---
    "planning:request_create": row(
        manager=200, adviser=200, company=200, host=403, counterpart=404
    ),
    "planning:request_answer": row(
        manager=200, adviser=200, company=403, host=404, counterpart=200
    ),
    "planning:request_withdraw": row(
        manager=302, adviser=302, company=302, host=404, counterpart=403
    ),
    "planning:request_must_meet": row(
        manager=302, adviser=302, company=403, host=404, counterpart=403
    ),
    # --- planning: time and place (operators only) ---
    "planning:slot_settings": row(manager=200, adviser=200, company=403, host=403, counterpart=404),
    "planning:day_slots": row(manager=200, adviser=200, company=403, host=403, counterpart=404),
    "planning:venue_create": row(manager=200, adviser=200, company=403, host=403, counterpart=404),
    "planning:venue_edit": row(manager=200, adviser=200, company=403, host=403, counterpart=404),
    "planning:venue_delete": row(manager=302, adviser=302, company=403, host=403, counterpart=404),
    "planning:interpreter_create": row(
        manager=200, adviser=200, company=403, host=403, counterpart=404
    ),
    "planning:interpreter_edit": row(
        manager=200, adviser=200, company=403, host=403, counterpart=404
    ),
    "planning:interpreter_delete": row(
        manager=302, adviser=302, company=403, host=403, counterpart=404
    ),
    "planning:unavailability_create": row(
        manager=200, adviser=200, company=403, host=403, counterpart=404
    ),
    "planning:unavailability_edit": row(
        manager=200, adviser=200, company=403, host=403, counterpart=404
    ),
    "planning:unavailability_delete": row(
        manager=302, adviser=302, company=403, host=403, counterpart=404
    ),
    # --- planning: scheduler runs and schedules (operators only; everyone else 404) ---
    "planning:run_start": row(manager=302, adviser=302, company=404, host=404, counterpart=404),
    "planning:run_cancel": row(manager=302, adviser=302, company=404, host=404, counterpart=404),
    "planning:schedule_publish": row(
        manager=302, adviser=302, company=404, host=404, counterpart=404
    ),
    "planning:meeting_lock": row(manager=302, adviser=302, company=404, host=404, counterpart=404),
    "planning:meeting_unlock": row(
        manager=302, adviser=302, company=404, host=404, counterpart=404
    ),
    "planning:meeting_move": row(manager=200, adviser=200, company=404, host=404, counterpart=404),
    # --- API tokens: every user manages their own; the world's token is the manager's ---
    "tokens:list": row(manager=200, adviser=200, company=200, host=200, counterpart=200),
    "tokens:revoke": row(manager=302, adviser=404, company=404, host=404, counterpart=404),
    # --- imports: operators; the world's previewed import is the manager's own ---
    "imports:companies": row(manager=200, adviser=200, company=403, host=403, counterpart=403),
    "imports:hosts": row(manager=200, adviser=200, company=403, host=403, counterpart=403),
    "imports:needs": row(manager=200, adviser=200, company=403, host=403, counterpart=403),
    "imports:commit": row(manager=302, adviser=403, company=404, host=404, counterpart=404),
    # --- reporting: operator staff of the programme only; companies and hosts 404 ---
    "reporting:indicator_create": row(
        manager=200, adviser=200, company=404, host=404, counterpart=404
    ),
    "reporting:indicator_ready_made": row(
        manager=302, adviser=302, company=404, host=404, counterpart=404
    ),
    "reporting:indicator_edit": row(
        manager=200, adviser=200, company=404, host=404, counterpart=404
    ),
    "reporting:indicator_delete": row(
        manager=302, adviser=302, company=404, host=404, counterpart=404
    ),
    # --- follow-up: operators record outcomes, leads, steps, agreements; the world's
    # meeting is in a draft schedule (only operators see it); the lead, its step (owned by
    # the manager) and its agreement are the company's, which sees them; the company
    # answers its check-in ---
    "followup:feedback": row(manager=200, adviser=200, company=404, host=404, counterpart=404),
    "followup:outcome": row(manager=200, adviser=200, company=404, host=404, counterpart=404),
    "followup:lead_create": row(manager=200, adviser=200, company=403, host=403, counterpart=404),
    "followup:lead_edit": row(manager=200, adviser=200, company=403, host=404, counterpart=404),
    "followup:lead_stage": row(manager=200, adviser=200, company=403, host=404, counterpart=404),
    "followup:step_create": row(manager=200, adviser=200, company=403, host=404, counterpart=404),
    "followup:step_edit": row(manager=200, adviser=200, company=403, host=404, counterpart=404),
    "followup:step_done": row(manager=302, adviser=302, company=403, host=404, counterpart=404),
    "followup:agreement_create": row(
        manager=200, adviser=200, company=403, host=403, counterpart=404
    ),
    "followup:evidence_add": row(manager=200, adviser=200, company=403, host=404, counterpart=404),
    "followup:agreement_confirm": row(
        manager=302, adviser=302, company=403, host=404, counterpart=404
    ),
    "followup:evidence_delete": row(
        manager=302, adviser=302, company=403, host=404, counterpart=404
    ),
    "followup:check_in": row(manager=200, adviser=200, company=200, host=404, counterpart=404),
    # --- host dossiers: operators prepare and send; consent is the company's (its users,
    # or its recruiting operator on its instruction); the world's dossier is not sent, so
    # the host does not see it ---
    "dossiers:prepare_need": row(manager=302, adviser=302, company=404, host=403, counterpart=404),
    "dossiers:prepare_mission": row(
        manager=302, adviser=302, company=403, host=403, counterpart=404
    ),
    "dossiers:share": row(manager=200, adviser=200, company=404, host=404, counterpart=404),
    "dossiers:consent_give": row(manager=200, adviser=200, company=200, host=404, counterpart=404),
    "dossiers:consent_withdraw": row(
        manager=200, adviser=200, company=302, host=404, counterpart=404
    ),
    # --- readiness (the world's assessment is submitted: its answers are frozen; operators
    # review; hosts and counterparts see no assessment) ---
    "readiness:start": row(manager=200, adviser=200, company=200, host=404, counterpart=404),
    "readiness:answer": row(manager=403, adviser=403, company=403, host=404, counterpart=404),
    "readiness:review": row(manager=200, adviser=200, company=403, host=404, counterpart=404),
    "readiness:evidence_upload": row(
        manager=302, adviser=302, company=302, host=404, counterpart=404
    ),
    # --- personal data: operator managers erase (the world's host contact and company user) ---
    "audit:erase_contact": row(manager=302, adviser=403, company=404, host=403, counterpart=404),
    "audit:erase_user": row(manager=302, adviser=403, company=403, host=404, counterpart=404),
}


PATTERNS = dict(iter_patterns())


def our_views():
    """Names of the URL patterns whose view is sme2go's own, in URL configuration order.

    Django's admin, auth and i18n views keep Django's rules (the admin's tenancy is in
    the read walk and tests/core/test_admin.py)."""

    def walk(patterns, namespace=None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace
                if ns and namespace:
                    ns = f"{namespace}:{ns}"
                yield from walk(entry.url_patterns, ns or namespace)
            elif isinstance(entry, URLPattern) and entry.name and namespace != "admin":
                # (Admin views wrapped by core.admin.ScopedAdmin have our module name.)
                view = getattr(entry.callback, "view_class", entry.callback)
                if view.__module__.startswith("sme2go."):
                    yield f"{namespace}:{entry.name}" if namespace else entry.name

    return list(walk(get_resolver().url_patterns))


def needs_kwargs(name: str) -> bool:
    return bool(PATTERNS[name])


def fill(name: str, world) -> str:
    """The URL of ``name`` for ``world``'s objects (the host for organisation pages)."""
    kwargs = world.url_kwargs()
    missing = PATTERNS[name] - kwargs.keys()
    if missing:
        raise AssertionError(
            f"{name}: URL keywords {sorted(missing)} unknown; teach tests/factories.py "
            "World.url_kwargs()"
        )
    filled = {k: kwargs[k] for k in PATTERNS[name]}
    if name.startswith("organisations:") and "organisation_pk" in filled:
        filled["organisation_pk"] = world.host.pk
    return reverse(name, kwargs=filled)


def snapshot() -> dict[str, list]:
    """Every row of every sme2go table (the test database is small)."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model.__module__.startswith("sme2go.")
    }


def post(client: Client, url: str, data: dict, *, baseline: dict | None = None):
    """POST in a savepoint that is rolled back; whether the database then differs from
    ``baseline`` (a :func:`snapshot`; every POST starts from the same state, so one taken
    at the start serves the whole walk)."""
    with transaction.atomic():
        response = client.post(url, data)
        changed = baseline is not None and snapshot() != baseline
        transaction.set_rollback(True)
    return response, changed


def add_adviser(world):
    world.adviser_user = make_user(
        f"adviser_{world.label}", world.operator, role=Membership.Role.ADVISER
    )


@pytest.fixture
def worlds(programme_a, programme_b):
    for world in (programme_a, programme_b):
        add_adviser(world)
        world.url_kwargs()  # creates the objects made on first use (proposal, tokens...)
    return programme_a, programme_b


def users(world) -> dict[str, object]:
    return {
        "manager": world.operator_user,
        "adviser": world.adviser_user,
        "company": world.company_user,
        "host": world.host_user,
        "counterpart": world.counterpart_user,
    }


def post_urls(world) -> tuple[dict[str, str], list[str]]:
    """(URL name -> path) of every sme2go URL that does not answer 405 to a POST, and the
    URLs the walk could not fill (keywords ``World.url_kwargs()`` does not know)."""
    root = make_user("root_walker", is_superuser=True, is_staff=True)
    client = client_for(root)
    found, unknown = {}, []
    for name in our_views():
        try:
            path = fill(name, world)
        except AssertionError as error:
            unknown.append(str(error))
            continue
        query = EXPECTED[name].query if name in EXPECTED else ""
        response, _ = post(client, path + query, {})
        if response.status_code != 405:
            found[name] = path
    return found, unknown


def test_every_post_url_has_a_row(worlds):
    own, _ = worlds
    found, unknown = post_urls(own)
    problems = list(unknown)
    missing = sorted(set(found) - set(EXPECTED))
    if missing:
        problems.append(
            "POST URLs without a row in tests/core/test_write_walk.py EXPECTED "
            f"(declare who may use them): {missing}"
        )
    stale = sorted(set(EXPECTED) - set(found))
    if stale:
        problems.append(f"rows for URLs that no longer accept POST: {stale}")
    assert not problems, "\n".join(problems)


def test_every_role_gets_the_declared_answer(worlds):
    own, foreign = worlds
    login_url = resolve_url(settings.LOGIN_URL)
    own_clients = {role: client_for(user) for role, user in users(own).items()}
    foreign_clients = {role: client_for(user) for role, user in users(foreign).items()}
    failures = []
    baseline = snapshot()

    def check(who: str, client: Client, url: str, data: dict, expected: int) -> None:
        refused = expected in (403, 404)
        response, changed = post(client, url, data, baseline=baseline if refused else None)
        if response.status_code != expected:
            failures.append(f"{who} POST {url} -> {response.status_code}, expected {expected}")
        elif expected == 302 and response.url.startswith(login_url):
            failures.append(f"{who} POST {url} -> sent to log in")
        if changed:
            failures.append(f"{who} POST {url} was refused but changed the database")

    for name, expected in EXPECTED.items():
        url = fill(name, own) + expected.query
        for role in ROLES:
            check(
                f"{role} (own) {name}",
                own_clients[role],
                url,
                expected.data,
                getattr(expected, role),
            )
            foreign_answer = 404 if needs_kwargs(name) else getattr(expected, role)
            check(
                f"{role} (foreign) {name}",
                foreign_clients[role],
                url,
                expected.data,
                foreign_answer,
            )
        response, changed = post(Client(), url, expected.data, baseline=baseline)
        if response.status_code != 302 or not response.url.startswith(login_url):
            failures.append(f"anonymous POST {url} -> {response.status_code}, not the log-in page")
        if changed:
            failures.append(f"anonymous POST {url} changed the database")
    assert not failures, "\n".join(failures)


def test_an_allowed_post_writes_inside_its_savepoint_only(worlds):
    """The savepoints hide one role's write from the next request, not from the check:
    the manager's delete changes the snapshot, and is undone afterwards."""
    own, _ = worlds
    url = fill("companies:product_delete", own)
    response, changed = post(client_for(own.operator_user), url, {}, baseline=snapshot())
    assert (response.status_code, changed) == (302, True)
    own.product.refresh_from_db()  # still there after the rollback
