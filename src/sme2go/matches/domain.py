"""Write paths of the matches app: ranking refreshes, decisions and comments."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sme2go.core.domain import domain_write, name_action, require_change
from sme2go.core.tenancy import access_for
from sme2go.matches.documents import (
    companies_of,
    company_doc,
    need_doc,
    needs_for_matching,
    reasons_as_json,
)
from sme2go.matches.models import MatchComment, MatchProposal
from sme2go.matching import MatchIndex
from sme2go.needs.models import Need
from sme2go.organisations.models import Organisation

TOP_K = 15
RANKED_STATUSES = (Need.Status.OPEN, Need.Status.MATCHING)


@domain_write
def refresh_matches(
    *, actor: Any, programme_id: int, need_ids: list[int] | None = None, top_k: int = TOP_K
) -> int:
    """Re-rank the companies of a programme for its open needs (or only ``need_ids``).

    Operators of the programme (and superusers) may; anyone else gets ``PermissionDenied``
    (a host user can see its own need, but the ranking is the advisers' work).
    ``actor=None`` is the system (the re-ranking signals, loaders).

    A need the engine cannot match (no usable text and no codes, see
    ``sme2go.matching.cannot_match``) gets no proposals; its page says why.

    Proposals in the new ranking get their rank, score, fit and reasons updated; decisions are
    kept. Undecided proposals that fell out of the ranking are removed; decided ones stay
    with ``rank = None``. Returns the number of proposals in the new rankings.
    """
    if actor is not None:
        access = access_for(actor)
        if not access.is_superuser and not (
            access.is_operator and programme_id in access.programme_ids
        ):
            raise PermissionDenied
    needs = needs_for_matching(
        Need.objects.filter(programme_id=programme_id, status__in=RANKED_STATUSES)
    )
    if need_ids is not None:
        needs = needs.filter(pk__in=need_ids)
    needs = list(needs)
    if not needs:
        return 0
    index = MatchIndex.build([company_doc(p) for p in companies_of([programme_id])])
    existing = {
        (p.need_id, p.company_id): p
        for p in MatchProposal.objects.filter(need__in=needs).select_for_update()
    }
    to_create, to_update, kept = [], [], set()
    for need in needs:
        doc = need_doc(need)
        usable = len(index) and index.cannot_match(doc) is None
        matches = index.rank_companies(doc, top_k=top_k) if usable else []
        for match in matches:
            key = (need.pk, int(match.id))
            kept.add(key)
            fields = {
                "rank": match.rank,
                "score": round(float(match.score), 4),
                "fit": match.fit,
                "reasons": reasons_as_json(match.reasons),
            }
            proposal = existing.get(key)
            if proposal is None:
                to_create.append(MatchProposal(need=need, company_id=int(match.id), **fields))
            else:
                for name, value in fields.items():
                    setattr(proposal, name, value)
                proposal.computed_at = timezone.now()
                to_update.append(proposal)
    dropped = [p for key, p in existing.items() if key not in kept]
    MatchProposal.objects.filter(
        pk__in=[p.pk for p in dropped if p.status == MatchProposal.Status.PROPOSED]
    ).delete()
    MatchProposal.objects.filter(
        pk__in=[p.pk for p in dropped if p.status != MatchProposal.Status.PROPOSED]
    ).update(rank=None)
    MatchProposal.objects.bulk_create(to_create)
    MatchProposal.objects.bulk_update(to_update, ["rank", "score", "fit", "reasons", "computed_at"])
    return len(kept)


@domain_write
def decide_match(
    *, proposal: MatchProposal, decision: str, reason: str = "", actor
) -> MatchProposal:
    """Approve, reject (a reason is required) or reopen a proposal.

    Only approved proposals are shown to the company and the host, and offered for host
    dossiers and meeting requests. Operators of the need's programme decide
    (``PermissionDenied`` for anyone else); ``actor=None`` is the system.
    """
    require_change(actor, proposal)
    if decision not in MatchProposal.Status.values:
        raise ValidationError({"decision": _("Unknown decision.")})
    reason = reason.strip()
    if decision == MatchProposal.Status.REJECTED and not reason:
        raise ValidationError({"reason": _("Say why the match is rejected.")})
    # The audit log names the decision ("approve", "reject", "reopen"), not "change".
    name_action({"approved": "approve", "rejected": "reject"}.get(decision, "reopen"))
    proposal.status = decision
    proposal.decision_reason = reason
    if decision == MatchProposal.Status.PROPOSED:
        proposal.decided_by, proposal.decided_at = None, None
    else:
        proposal.decided_by, proposal.decided_at = actor, timezone.now()
    proposal.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    return proposal


@domain_write
def comment_on_match(*, proposal: MatchProposal, text: str, actor) -> MatchComment:
    """Add an adviser's comment to a proposal (operators of the programme only)."""
    require_change(actor, proposal)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    return MatchComment.objects.create(proposal=proposal, author=actor, text=text)


def proposals_for_company(company: Organisation):
    """The company's proposals for open needs, best first (used by the company page)."""
    return (
        MatchProposal.objects.filter(company=company, need__status__in=RANKED_STATUSES)
        .select_related("need__host", "need__programme")
        .order_by("-score")
    )
