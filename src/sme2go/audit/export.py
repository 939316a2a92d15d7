"""Everything sme2go stores about one user, for the personal-data download."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from sme2go.api.models import ApiToken
from sme2go.audit.models import AuditEntry
from sme2go.matches.models import MatchComment, MatchProposal
from sme2go.missions.models import Mission
from sme2go.needs.models import Need
from sme2go.organisations.models import ContactPerson, Membership
from sme2go.planning.models import MeetingRequest, Schedule, SolverRun

FORMAT = "sme2go-personal-data/1"


def _entries(queryset) -> list[dict[str, Any]]:
    return [
        {
            "at": e.at,
            "action": e.action,
            "object_type": e.content_type.model,
            "object_id": e.object_id,
            "object": e.object_repr,
            "changes": e.changes,
        }
        for e in queryset.select_related("content_type").order_by("at", "pk")
    ]


def personal_data(user: Any) -> dict[str, Any]:
    """The user's account (without the password hash), membership, the contact-person
    records with their e-mail address, what they wrote, decided, requested and recorded,
    their API tokens (without secrets), and the audit entries they caused or that are
    about their account. Values are plain JSON types except dates and times."""
    membership = Membership.objects.select_related("organisation").filter(user=user).first()
    contacts = (
        ContactPerson.objects.filter(email__iexact=user.email).select_related("organisation")
        if user.email
        else ContactPerson.objects.none()
    )
    return {
        "format": FORMAT,
        "exported_at": timezone.now(),
        "account": {
            "id": user.pk,
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "is_active": user.is_active,
            "is_staff": user.is_staff,
            "is_superuser": user.is_superuser,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "membership": membership
        and {
            "organisation_id": membership.organisation_id,
            "organisation": membership.organisation.name,
            "role": membership.role,
        },
        "contact_persons": [
            {
                "id": c.pk,
                "organisation_id": c.organisation_id,
                "organisation": c.organisation.name,
                "name": c.name,
                "title": c.title,
                "email": c.email,
                "phone": c.phone,
                "languages": c.languages,
            }
            for c in contacts.order_by("pk")
        ],
        "match_comments": [
            {"id": c.pk, "proposal_id": c.proposal_id, "text": c.text, "created_at": c.created_at}
            for c in MatchComment.objects.filter(author=user).order_by("pk")
        ],
        "match_decisions": [
            {
                "proposal_id": p.pk,
                "need_id": p.need_id,
                "company_id": p.company_id,
                "status": p.status,
                "reason": p.decision_reason,
                "decided_at": p.decided_at,
            }
            for p in MatchProposal.objects.filter(decided_by=user).order_by("pk")
        ],
        "needs_recorded": [
            {
                "id": n.pk,
                "title": n.title,
                "programme_id": n.programme_id,
                "created_at": n.created_at,
            }
            for n in Need.objects.filter(created_by=user).order_by("pk")
        ],
        "missions_as_staff": [
            {"id": m.pk, "title": m.title, "start_date": m.start_date, "end_date": m.end_date}
            for m in Mission.objects.filter(staff=user).order_by("pk")
        ],
        "meeting_requests": [
            {
                "id": r.pk,
                "mission_id": r.mission_id,
                "requester_id": r.requester_id,
                "counterpart_id": r.counterpart_id,
                "status": r.status,
                "requested_by_me": r.requested_by_id == user.pk,
                "answered_by_me": r.answered_by_id == user.pk,
                "answer_note": r.answer_note if r.answered_by_id == user.pk else "",
                "created_at": r.created_at,
            }
            for r in MeetingRequest.objects.filter(
                Q(requested_by=user) | Q(answered_by=user)
            ).order_by("pk")
        ],
        "solver_runs_started": [
            {"id": r.pk, "mission_id": r.mission_id, "created_at": r.created_at}
            for r in SolverRun.objects.filter(started_by=user).order_by("pk")
        ],
        "schedules_published": [
            {"id": s.pk, "mission_id": s.mission_id}
            for s in Schedule.objects.filter(published_by=user).order_by("pk")
        ],
        "api_tokens": [
            {
                "name": t.name,
                "starts_with": t.prefix,
                "scope": t.scope,
                "created_at": t.created_at,
                "expires_at": t.expires_at,
                "last_used_at": t.last_used_at,
                "revoked_at": t.revoked_at,
            }
            for t in ApiToken.objects.filter(user=user).order_by("pk")
        ],
        "audit_entries_as_actor": _entries(AuditEntry.objects.filter(actor=user)),
        "account_history": _entries(AuditEntry.objects.about(user)),
    }
