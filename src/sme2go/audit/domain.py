"""Personal data: erasure of a person, scrubbing the log, and the retention rule.

``erase_person`` is the one write path that removes a person's data; the retention
command (``sme2go apply_retention``) calls it for people inactive past
``SME2GO_RETENTION_DAYS``. Records others depend on (meetings, decisions, comments,
needs) keep pointing at the erased row, which becomes an anonymous placeholder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from sme2go.api.models import ApiToken
from sme2go.audit.context import current_write
from sme2go.audit.models import AuditEntry
from sme2go.audit.recorder import ERASED_LABEL, HIDDEN, PERSONAL_FIELDS, flush
from sme2go.core.domain import domain_write
from sme2go.core.tenancy import access_for, scoped
from sme2go.needs.models import Need
from sme2go.organisations.models import ContactPerson, Membership, Organisation
from sme2go.programmes.models import Programme

ERASED = "[erased]"
User = get_user_model()


def scrub_log(
    model: type[models.Model],
    object_id: Any,
    fields: Collection[str],
    *,
    keep: Collection[Any] = (None, "", ERASED_LABEL, HIDDEN),
    only_values: Collection[str] | None = None,
    label: str | None = ERASED_LABEL,
) -> int:
    """Replace the values of ``fields`` in the entries about one object by ``[erased]``.

    Values in ``keep`` (the placeholders an erased record holds) stay. With
    ``only_values``, only those values are replaced (compared case-insensitively): for a
    field that names several people over time, such as a need's "stated by". ``label``
    replaces the entries' object label (``None`` keeps it). Returns the entries changed.
    """
    wanted = None if only_values is None else {v.strip().casefold() for v in only_values}

    def scrubbed(value: Any) -> Any:
        if value in keep:
            return value
        if wanted is not None and not (
            isinstance(value, str) and value.strip().casefold() in wanted
        ):
            return value
        return ERASED

    entries = list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=object_id
        )
    )
    changed = []
    for entry in entries:
        changes = {
            name: [scrubbed(v) for v in pair] if name in fields else pair
            for name, pair in entry.changes.items()
        }
        new_label = entry.object_repr if label is None else label
        if changes != entry.changes or new_label != entry.object_repr:
            entry.changes, entry.object_repr = changes, new_label
            changed.append(entry)
    AuditEntry.objects.bulk_update(changed, ["changes", "object_repr"])
    return len(changed)


def is_erased(person: models.Model) -> bool:
    if isinstance(person, ContactPerson):
        return person.name == ERASED_LABEL and not person.email and not person.phone
    return not person.is_active and person.username == f"erased-{person.pk}"


def _require_may_erase(actor: Any, organisation_id: int | None) -> None:
    """System jobs and superusers erase anyone; operator managers the people of the
    organisations their programmes include (or their own)."""
    if actor is None:
        return
    access = access_for(actor)
    if access.is_superuser:
        return
    if not access.is_operator or access.role != Membership.Role.MANAGER:
        raise PermissionDenied
    if (
        organisation_id is None
        or not scoped(Organisation, access).filter(pk=organisation_id).exists()
    ):
        raise PermissionDenied


@domain_write(action="erase")
def erase_person(*, actor: Any, contact: ContactPerson | None = None, user: Any = None) -> None:
    """Erase one contact person or one user account (exactly one of them).

    A contact keeps its row as "Erased person" with title, e-mail, phone and languages
    empty; needs of its organisation that name it as "stated by" name "Erased person"
    instead. A user keeps its row as an inactive account ``erased-<id>`` named "Erased
    person", without e-mail or usable password, so meetings, decisions and comments keep
    an anonymous author; its login-attempt records and API tokens are deleted. The audit log records the
    erasure (action "erase") and loses the person's earlier values.
    """
    if (contact is None) == (user is None):
        raise TypeError("erase_person() takes exactly one of contact= and user=")
    if contact is not None:
        _erase_contact(actor, contact)
    else:
        _erase_user(actor, user)


def _erase_contact(actor: Any, contact: ContactPerson) -> None:
    _require_may_erase(actor, contact.organisation_id)
    if is_erased(contact):
        raise ValidationError(_("This person has already been erased."))
    name = contact.name
    contact.name = ERASED_LABEL
    contact.title = contact.email = contact.phone = contact.languages = ""
    contact.save()
    needs = [
        need
        for need in Need.objects.filter(host=contact.organisation_id).exclude(stated_by="")
        if name.strip() and need.stated_by.strip().casefold() == name.strip().casefold()
    ]
    for need in needs:
        need.stated_by = ERASED_LABEL
        need.save(update_fields=["stated_by", "updated_at"])
    # The entries of this erasure are written now, so the scrub below covers them too.
    flush(current_write())
    scrub_log(ContactPerson, contact.pk, PERSONAL_FIELDS["organisations.contactperson"])
    for need in needs:
        scrub_log(Need, need.pk, {"stated_by"}, only_values={name}, label=None)


def _erase_user(actor: Any, user: Any) -> None:
    membership = Membership.objects.filter(user=user).first()
    if actor is not None and user.is_superuser and not access_for(actor).is_superuser:
        raise PermissionDenied
    _require_may_erase(actor, membership.organisation_id if membership else None)
    if actor is not None and getattr(actor, "pk", None) == user.pk:
        raise ValidationError(_("You cannot erase your own account."))
    if is_erased(user):
        raise ValidationError(_("This person has already been erased."))
    old_username = user.username
    user.username = f"erased-{user.pk}"
    user.first_name, user.last_name, user.email = ERASED_LABEL, "", ""
    user.is_active = user.is_staff = False
    user.set_unusable_password()
    user.save()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=old_username).delete()
    ApiToken.objects.filter(user=user).delete()
    flush(current_write())
    scrub_log(
        User,
        user.pk,
        PERSONAL_FIELDS["auth.user"],
        keep=(None, "", ERASED_LABEL, HIDDEN, user.username),
    )
    if membership is not None:
        # Its label named the user.
        scrub_log(Membership, membership.pk, (), label=str(membership))


@dataclass(frozen=True)
class RetentionCandidates:
    """People whose data the retention rule erases."""

    users: list[Any]
    contacts: list[ContactPerson]


def _organisations_of_ended_programmes(cutoff: dt.date) -> models.QuerySet[Organisation]:
    """Organisations that take part in programmes, all of which ended before ``cutoff``."""
    running = Programme.objects.filter(end_date__gte=cutoff)
    taking_part = Q(enrolments__isnull=False) | Q(partner_of__isnull=False)
    still_running = Q(enrolments__programme__in=running) | Q(partner_of__in=running)
    active = Organisation.objects.filter(still_running).values("pk")
    return Organisation.objects.filter(taking_part).exclude(pk__in=active).distinct()


def retention_candidates(days: int, *, now: dt.datetime | None = None) -> RetentionCandidates:
    """Who is inactive for ``days``: people of organisations whose programmes all ended
    more than ``days`` ago, and who did nothing for as long: users not logged in (or,
    never logged in, not joined) since, contact persons not created or changed since
    (by the audit log; a contact the log never saw counts as old). Superusers and staff
    are never candidates."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=days)
    ended = _organisations_of_ended_programmes(cutoff.date()).values("pk")
    users = (
        User.objects.filter(membership__organisation__in=ended, is_superuser=False, is_staff=False)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .exclude(is_active=False, username__startswith="erased-")
        .select_related("membership__organisation")
        .order_by("pk")
    )
    touched = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ContactPerson),
            object_id=OuterRef("pk"),
        )
        .values("object_id")
        .annotate(last=Max("at"))
        .values("last")
    )
    contacts = (
        ContactPerson.objects.filter(organisation__in=ended)
        .annotate(touched=Subquery(touched))
        .filter(Q(touched__lt=cutoff) | Q(touched__isnull=True))
        .exclude(name=ERASED_LABEL, email="", phone="")
        .select_related("organisation")
        .order_by("pk")
    )
    return RetentionCandidates(users=list(users), contacts=list(contacts))


def apply_retention(days: int, *, now: dt.datetime | None = None) -> RetentionCandidates:
    """Erase every :func:`retention_candidates` person, as the system; returns them."""
    candidates = retention_candidates(days, now=now)
    people: Iterable[tuple[str, Any]] = [
        *(("user", u) for u in candidates.users),
        *(("contact", c) for c in candidates.contacts),
    ]
    for kind, person in people:
        erase_person(actor=None, **{kind: person})
    return candidates
