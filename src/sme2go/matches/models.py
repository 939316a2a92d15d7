"""Proposed matches between host needs and companies, and the adviser's decisions on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import Access, TenantQuerySet


class MatchProposalQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        if access.is_operator:
            return self.filter(need__programme__in=access.programme_ids)
        if access.is_company:
            # A company sees a match only once an adviser approved it.
            return self.filter(company=access.organisation_id, status=MatchProposal.Status.APPROVED)
        if access.is_host:
            # A host sees the companies approved for its own needs, nothing else.
            return self.filter(
                need__host=access.organisation_id, status=MatchProposal.Status.APPROVED
            )
        return self.none()

    def editable_by(self, access: Access) -> models.QuerySet:
        if not access.is_operator:
            return self.none()
        return self.filter(need__programme__in=access.programme_ids)

    def ranked(self) -> models.QuerySet:
        """Currently ranked proposals first (best rank first), then decided ones that fell out."""
        return self.order_by(models.F("rank").asc(nulls_last=True), "-score")

    def with_shown(self) -> models.QuerySet:
        """Annotate ``shown``: whether the proposal is listed by default, i.e. the engine
        rates it a strong or possible fit (:class:`MatchProposal.Fit`); approved ones always
        are, rejected ones never (their decision is shown with the weaker fits)."""
        shown = Q(status=MatchProposal.Status.APPROVED) | (
            ~Q(status=MatchProposal.Status.REJECTED) & Q(fit__in=SHOWN_FITS)
        )
        return self.annotate(
            shown=models.ExpressionWrapper(shown, output_field=models.BooleanField())
        )

    def shown(self) -> models.QuerySet:
        """Only the proposals listed by default."""
        return self.with_shown().filter(shown=True)


class MatchProposal(models.Model):
    """The matching engine's proposal that ``company`` suits ``need``, with its reasons.

    The engine writes ``rank``, ``score``, ``fit`` and ``reasons``; an adviser writes ``status`` and
    ``decision_reason``. Recomputing the ranking updates the engine's fields and keeps the
    decision; a decided proposal that drops out of the ranking keeps its row with
    ``rank = None`` so the decision is not lost.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    need = models.ForeignKey("needs.Need", on_delete=models.CASCADE, related_name="proposals")
    company = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="proposals"
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    score = models.FloatField(_("score"), default=0.0)
    reasons = models.JSONField(_("reasons"), default=dict)
    computed_at = models.DateTimeField(_("ranked at"), auto_now=True)

    class Fit(models.TextChoices):
        """The engine's calibrated fit level (``sme2go.matching.calibration``): the same
        level means about the same chance of a right match for every need."""

        STRONG = "strong", _("Strong fit")
        POSSIBLE = "possible", _("Possible fit")
        WEAK = "weak", _("Weak fit")

    fit = models.CharField(_("fit"), max_length=8, choices=Fit.choices, default=Fit.WEAK)
    status = models.CharField(
        _("decision"), max_length=16, choices=Status.choices, default=Status.PROPOSED
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = MatchProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("match proposal")
        verbose_name_plural = _("match proposals")
        constraints = [
            models.UniqueConstraint(fields=["need", "company"], name="one_proposal_per_pair"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} for {self.need}"

    @property
    def summary(self) -> str:
        return self.reasons.get("summary", "")


# Listed by default: the levels whose estimated precision is at least the base rate of the
# development set's top 15 (see docs/matching.md); weak fits wait behind "show weaker fits".
SHOWN_FITS = (MatchProposal.Fit.STRONG, MatchProposal.Fit.POSSIBLE)


class MatchCommentQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        if not access.is_operator:
            return self.none()
        return self.filter(proposal__need__programme__in=access.programme_ids)


class MatchComment(models.Model):
    """An adviser's note on a proposal; internal to the operators of the programme."""

    proposal = models.ForeignKey(MatchProposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MatchCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("match comment")
        verbose_name_plural = _("match comments")

    def __str__(self) -> str:
        return self.text[:60]
