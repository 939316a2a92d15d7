"""Walk every URL pattern of the project as a user of another programme: all answer 404.

New URLs are covered without anyone remembering to add them: the walk reads the URL
configuration, fills every object keyword (docs/ARCHITECTURE.md) with programme B's
objects and requests the page as programme A's users. A keyword the walk does not know
fails the test, so a new kind of URL must be taught here before it can land.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Keywords that carry no tenant object (Django's own auth and admin URLs).
NON_TENANT_KWARGS = {"uidb64", "token", "app_label", "content_type_id"}
# Admin models that are reference data or Django's own, not tenant data.
NON_TENANT_ADMIN_MODELS = {"regions.region", "taxonomy.domain", "agendas.regiontimezone"}
SME2GO_APPS = [c.label for c in apps.get_app_configs() if c.name.startswith("sme2go.")]
SME2GO_ADMIN = tuple(f"admin:{app}_" for app in SME2GO_APPS)


def iter_patterns(patterns=None, namespace: str | None = None):
    """Yield (qualified URL name, keyword names) for every named pattern."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns and namespace:
                ns = f"{namespace}:{ns}"
            yield from iter_patterns(entry.url_patterns, ns or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, set(entry.pattern.regex.groupindex)


def object_urls(world):
    """(name, url) for every pattern naming a tenant object, filled from ``world``."""
    kwargs_of_world = world.url_kwargs()
    admin_object_views = {
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}": model
        for model in admin.site._registry
        for view in ("change", "delete", "history")
    }
    urls = []
    unknown = []
    for name, kwargs in iter_patterns():
        model = admin_object_views.get(name)
        if model is not None:
            is_ours = model.__module__.startswith("sme2go.")
            if is_ours and model._meta.label_lower not in NON_TENANT_ADMIN_MODELS:
                obj = world_object(world, model)
                urls.append((name, reverse(name, kwargs={"object_id": obj.pk})))
            continue
        if name.startswith("admin:") and not name.startswith(("admin:sme2go", *SME2GO_ADMIN)):
            continue  # Django's and libraries' own admin pages; not tenant data.
        if name.startswith("api:"):
            # Walked by tests/api/test_tenancy.py, operation by operation with its own
            # method and a valid JSON body: a form POST here would stop at the body's 400
            # before tenancy is asked.
            continue
        tenant_kwargs = kwargs - NON_TENANT_KWARGS - {"object_id"}
        if not tenant_kwargs:
            continue
        missing = tenant_kwargs - kwargs_of_world.keys()
        if missing:
            unknown.append(f"{name}: {sorted(missing)}")
            continue
        filled = {k: kwargs_of_world[k] for k in tenant_kwargs}
        if name.startswith("organisations:"):
            # Host and counterpart pages take a host, company pages a company.
            filled["organisation_pk"] = world.host.pk
        urls.append((name, reverse(name, kwargs=filled)))
    assert not unknown, f"URL keywords the walk does not know (teach it): {unknown}"
    return urls


def world_object(world, model):
    """The object of ``model`` in ``world`` (admin pages address objects by model)."""
    for value in vars(world).values():
        if isinstance(value, model):
            return value
    if model._meta.label_lower == "companies.companyprofile":
        return world.profile
    if model._meta.label_lower == "organisations.membership":
        return world.company_user.membership
    lazy = getattr(world, model._meta.model_name, None)  # a World property made on first use
    if isinstance(lazy, model):
        return lazy
    raise AssertionError(f"the test world has no {model._meta.label}: add one to make_world()")


def request(client, url):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


@pytest.fixture
def outsider_clients(programme_a, client_for):
    """Clients for every role of programme A; the operator is also admin staff."""
    operator = programme_a.operator_user
    operator.is_staff = True
    operator.save()
    operator.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=SME2GO_APPS)
    )
    return {
        role: client_for(getattr(programme_a, f"{role}_user"))
        for role in ("operator", "company", "host", "counterpart")
    }


def test_every_object_url_answers_404_to_another_programme(
    programme_a, programme_b, outsider_clients
):
    urls = object_urls(programme_b)
    assert len(urls) >= 10, urls
    failures = []
    for role, client in outsider_clients.items():
        for name, url in urls:
            if name.startswith("admin:") and role != "operator":
                continue  # The admin sends non-staff users to its log-in page for any URL.
            response = request(client, url)
            if response.status_code != 404:
                failures.append(f"{role} {name} {url} -> {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_walk_reaches_real_pages(programme_a, outsider_clients):
    """The same URLs filled with programme A's own objects do not answer 404 to its
    operator, so the 404s above come from scoping, not from broken URLs."""
    client = outsider_clients["operator"]
    broken = []
    for name, url in object_urls(programme_a):
        response = client.get(url)
        if response.status_code == 404:
            broken.append(f"{name} {url}")
    assert not broken, "\n".join(broken)
