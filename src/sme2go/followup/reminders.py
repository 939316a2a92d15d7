"""Reminders: due check-ins and overdue next steps, by e-mail and on the dashboard.

:func:`send_reminders` (run by the job :func:`sme2go.followup.jobs.send_reminders_job`,
enqueued by ``sme2go send_reminders``) first schedules the check-ins of missions that
ended, then e-mails

- each due, unanswered check-in to its company's users: the question and a link to the
  check-in form;
- each overdue next step to its owner: the step, its lead and a link to the lead.

Each item is e-mailed **at most once**: its ``reminder_sent_at`` is claimed by a
conditional update (``reminder_sent_at IS NULL``) in the transaction that sends the
mail, so two workers never both send it, and a mail that fails to go out rolls the
claim back for the next run. An item with no one to write to (no active user with an
e-mail address) is left unclaimed until there is someone. Mails go through Django's mail
backend (``SME2GO_EMAIL_BACKEND``), each in its recipient's language
(:func:`language_for`).

:func:`reminders_for` gives the dashboard the same two lists, as the user may see them.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sme2go.core.tenancy import access_for, scoped
from sme2go.followup.domain import schedule_check_ins
from sme2go.followup.models import CHECK_IN_MONTHS, CheckIn, NextStep
from sme2go.missions.models import Mission

logger = logging.getLogger(__name__)

# The UI language of a country, for users whose organisation is there.
COUNTRY_LANGUAGES = {"FI": "fi", "SE": "sv", "EE": "et", "CN": "zh-hans"}
DASHBOARD_ITEMS = 10


@dataclass(frozen=True)
class Sent:
    """What one run did: mails sent per kind of item, items that failed, check-ins made."""

    check_ins: int = 0
    next_steps: int = 0
    failed: int = 0
    scheduled: int = 0


def language_for(user: Any) -> str:
    """The language to write to ``user`` in.

    sme2go keeps no language per user (the UI language is the browser's cookie), so
    this is the language of the country of the user's organisation (a company's home
    country, else its region's country) where the UI has it, else ``LANGUAGE_CODE``."""
    available = {code for code, _name in settings.LANGUAGES}
    membership = getattr(user, "membership", None)
    country = ""
    if membership is not None:
        organisation = membership.organisation
        profile = getattr(organisation, "profile", None)
        if profile is not None and profile.home_country:
            country = profile.home_country
        elif organisation.region is not None and organisation.region.country is not None:
            country = organisation.region.country.country_code
    language = COUNTRY_LANGUAGES.get(country.upper(), settings.LANGUAGE_CODE)
    return language if language in available else settings.LANGUAGE_CODE


def site_url() -> str:
    """The address links in mails start with: ``SME2GO_SITE_URL`` in settings when
    set, else the first allowed host (https when the site runs behind HTTPS)."""
    configured = getattr(settings, "SME2GO_SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    host = next((h for h in settings.ALLOWED_HOSTS if h not in ("*", "")), "localhost")
    scheme = "https" if getattr(settings, "SECURE_SSL_REDIRECT", False) else "http"
    return f"{scheme}://{host.lstrip('.')}"


def _recipients(users) -> list[Any]:
    return [user for user in users if user.is_active and user.email]


def _users_of(organisation_id: int) -> list[Any]:
    users = (
        get_user_model()
        .objects.filter(membership__organisation=organisation_id)
        .select_related(
            "membership__organisation__profile",
            "membership__organisation__region__parent__parent",
        )
        .order_by("pk")
    )
    return _recipients(users)


def _mail(user: Any, template: str, context: dict[str, Any]) -> EmailMessage:
    with translation.override(language_for(user)):
        subject, _, body = render_to_string(template, {**context, "user": user}).partition("\n")
    return EmailMessage(subject=subject.strip(), body=body.lstrip("\n"), to=[user.email])


def _missions_to_check_in(today: dt.date):
    """Missions that ended within the check-in window and have a company without its
    check-ins (one query)."""
    earliest = today - dt.timedelta(days=31 * max(CHECK_IN_MONTHS) + 31)
    missions = Mission.objects.filter(end_date__lt=today, end_date__gte=earliest).exclude(
        status=Mission.Status.CANCELLED
    )
    return [
        mission
        for mission in missions.prefetch_related("companies", "check_ins")
        if len(mission.check_ins.all()) < len(mission.companies.all()) * len(CHECK_IN_MONTHS)
    ]


def send_reminders(*, today: dt.date | None = None, base_url: str | None = None) -> Sent:
    """Schedule the check-ins of ended missions, then e-mail every due check-in and
    overdue next step not yet reminded of (see the module's docstring)."""
    today = today or timezone.localdate()
    base = (base_url or site_url()).rstrip("/")
    scheduled = sum(
        len(schedule_check_ins(actor=None, mission=mission))
        for mission in _missions_to_check_in(today)
    )
    counts = {"check_ins": 0, "next_steps": 0, "failed": 0}
    connection = get_connection()
    due = CheckIn.objects.due(today).filter(reminder_sent_at__isnull=True)
    for pk in due.values_list("pk", flat=True):
        _send_one(
            CheckIn, pk, counts, "check_ins", connection, lambda item: _check_in_mails(item, base)
        )
    overdue = NextStep.objects.overdue(today).filter(reminder_sent_at__isnull=True)
    for pk in overdue.values_list("pk", flat=True):
        _send_one(
            NextStep, pk, counts, "next_steps", connection, lambda item: _step_mails(item, base)
        )
    return Sent(scheduled=scheduled, **counts)


def _send_one(model, pk: int, counts: dict[str, int], key: str, connection, mails_for) -> None:
    """Claim one item and send its mails in one transaction (see the module docstring)."""
    try:
        with transaction.atomic():
            claimed = model.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            )
            if not claimed:
                return
            mails = mails_for(model.objects.get(pk=pk))
            if not mails:
                transaction.set_rollback(True)
                return
            connection.send_messages(mails)
    except Exception:
        # One unsendable item must not stop the others; the next run tries it again.
        logger.exception("Reminder for %s %s could not be sent", model._meta.label, pk)
        counts["failed"] += 1
        return
    counts[key] += 1


def _check_in_mails(check_in: CheckIn, base: str) -> list[EmailMessage]:
    check_in = CheckIn.objects.select_related("mission", "company").get(pk=check_in.pk)
    link = base + reverse("followup:check_in", kwargs={"checkin_pk": check_in.pk})
    return [
        _mail(user, "followup/email/check_in.txt", {"check_in": check_in, "link": link})
        for user in _users_of(check_in.company_id)
    ]


def _step_mails(step: NextStep, base: str) -> list[EmailMessage]:
    step = NextStep.objects.select_related(
        "lead__company",
        "lead__counterpart",
        "owner__membership__organisation__profile",
        "owner__membership__organisation__region__parent__parent",
    ).get(pk=step.pk)
    link = base + reverse("followup:lead", kwargs={"lead_pk": step.lead_id})
    return [
        _mail(owner, "followup/email/next_step.txt", {"step": step, "link": link})
        for owner in _recipients([step.owner])
    ]


@dataclass(frozen=True)
class Reminders:
    """The dashboard's follow-up list for one user."""

    overdue_steps: list[NextStep]
    due_check_ins: list[CheckIn]

    def __bool__(self) -> bool:
        return bool(self.overdue_steps or self.due_check_ins)


def reminders_for(user: Any, *, today: dt.date | None = None) -> Reminders:
    """Overdue next steps and due check-ins that ``user`` may see (for operator staff:
    their programmes'; for others: their own steps and their company's check-ins), the
    first :data:`DASHBOARD_ITEMS` of each, in two queries."""
    today = today or timezone.localdate()
    access = access_for(user)
    steps = scoped(NextStep, user)
    if not (access.is_operator or access.is_superuser):
        steps = steps.filter(owner=user)
    steps = (
        steps.overdue(today)
        .select_related("lead__company", "lead__counterpart", "owner")
        .order_by("due_on", "pk")[:DASHBOARD_ITEMS]
    )
    check_ins = (
        scoped(CheckIn, user)
        .due(today)
        .select_related("mission", "company")
        .order_by("due_on", "pk")[:DASHBOARD_ITEMS]
    )
    return Reminders(overdue_steps=list(steps), due_check_ins=list(check_ins))
