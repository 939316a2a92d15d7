"""Export-readiness assessments: a company's answers to versioned item banks, the files
that back them, and the scored snapshots kept per wave.

The item banks themselves are data files read by :mod:`sme2go.readiness.bank`; an
assessment records which bank id and version of each module it uses, so its answers keep
their meaning when a bank changes. Scores are never computed for history: each submit and
review stores a :class:`ScoreSnapshot` with the bank versions it was scored against, and
every result, comparison and cohort page reads snapshots.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import Access, TenantQuerySet
from sme2go.organisations.models import Organisation

SCALE_MAX = 4
NOTE_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 500


class AssessmentQuerySet(TenantQuerySet):
    """A company sees its own assessments; the programme's operators see all of the
    programme's; hosts and counterparts see none."""

    def visible_to(self, access: Access) -> models.QuerySet:
        if access.is_operator:
            return self.filter(programme__in=access.programme_ids)
        if access.is_company:
            return self.filter(company=access.organisation_id)
        return self.none()

    def editable_by(self, access: Access) -> models.QuerySet:
        """The company fills in its own; the programme's operators review (what each may
        do at which status is the domain functions' decision)."""
        return self.visible_to(access)


class Assessment(models.Model):
    """One company's readiness assessment at one wave of a programme (or a mission)."""

    class Wave(models.TextChoices):
        INTAKE = "intake", _("Intake")
        PRE_MISSION = "pre_mission", _("Before the mission")
        POST_MISSION = "post_mission", _("After the mission")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        REVIEWED = "reviewed", _("Reviewed by an adviser")

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    company = models.ForeignKey(
        Organisation,
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="assessments",
        limit_choices_to={"kind": Organisation.Kind.COMPANY},
    )
    mission = models.ForeignKey(
        "missions.Mission",
        verbose_name=_("mission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    wave = models.CharField(_("wave"), max_length=16, choices=Wave.choices)
    # [{"bank": "<bank id>", "version": "<version>"}, ...]: the generic index first, then
    # the market modules; the answers' item ids belong to these bank versions.
    modules = models.JSONField(_("item banks"), default=list)
    # What the applicability rules read, as it was when the company answered: the company
    # profile's fields (bank.PROFILE_FIELDS) and the market modules' screening questions
    # ({fact id: true/false}; a missing fact is unknown).
    profile = models.JSONField(_("profile"), default=dict, blank=True)
    facts = models.JSONField(_("screening answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("adviser's note"), blank=True, max_length=NOTE_MAX_LENGTH)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["company__name", "started_at"]
        verbose_name = _("readiness assessment")
        verbose_name_plural = _("readiness assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "programme", "mission", "wave"],
                condition=Q(mission__isnull=False),
                name="assessment_once_per_mission_wave",
            ),
            models.UniqueConstraint(
                fields=["company", "programme", "wave"],
                condition=Q(mission__isnull=True),
                name="assessment_once_per_programme_wave",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} — {self.get_wave_display()}"

    @property
    def assessed_at(self):
        """When the answers were last established: the review, else the submission."""
        return self.reviewed_at or self.submitted_at

    @property
    def bank_versions(self) -> dict[str, str]:
        return {module["bank"]: module["version"] for module in self.modules}


class AnswerQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        return self.filter(assessment__in=Assessment.objects.visible_to(access))

    def editable_by(self, access: Access) -> models.QuerySet:
        return self.filter(assessment__in=Assessment.objects.editable_by(access))


class Answer(models.Model):
    """The answer to one item of one of the assessment's banks.

    Index items take a ``level`` on the anchored 0–4 scale, market-module checklist items
    a ``status`` (not started, in progress, done); ``not_applicable`` with a reason
    replaces either. ``evidence`` says how the answer was established; advisers raise it
    in their review. The codes are those of :mod:`sme2go.readiness.scoring`.
    """

    class Evidence(models.TextChoices):
        SELF_DECLARED = "self", _("Self-declared")
        ADVISER_CONFIRMED = "adviser", _("Confirmed by an adviser")
        DOCUMENT_CHECKED = "document", _("Checked against documents")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    bank = models.CharField(_("item bank"), max_length=32)
    item_id = models.CharField(_("item"), max_length=32)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    na_reason = models.CharField(
        _("why it does not apply"), max_length=REASON_MAX_LENGTH, blank=True
    )
    evidence = models.CharField(
        _("evidence level"),
        max_length=16,
        choices=Evidence.choices,
        default=Evidence.SELF_DECLARED,
    )
    note = models.TextField(_("note"), blank=True, max_length=NOTE_MAX_LENGTH)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "bank", "item_id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "bank", "item_id"], name="answer_once_per_item"
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__lte=SCALE_MAX),
                name="answer_level_on_scale",
            ),
        ]

    def __str__(self) -> str:
        if self.not_applicable:
            return f"{self.item_id}: N/A"
        return f"{self.item_id}: {self.status or self.level}"


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    # The stored name is ours (no user-chosen path parts); the original name is kept in
    # ``name`` and given back on download.
    suffix = PurePath(filename).suffix.lower()
    return f"readiness/{instance.assessment.programme_id}/{instance.assessment_id}/evidence{suffix}"


class EvidenceFile(models.Model):
    """A document that backs an answer (a certificate, a filing receipt, a plan)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="evidence_files"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence_files"
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name


class ScoreSnapshot(models.Model):
    """The scored result of an assessment at one moment, with the bank versions used.

    ``result`` is the scoring result as JSON (:func:`sme2go.readiness.snapshots.result_json`);
    the headline figures are copied into columns so lists and cohorts need no JSON.
    """

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("On submission")
        REVIEWED = "reviewed", _("After the adviser's review")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="snapshots")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    modules = models.JSONField(default=list)
    taken_at = models.DateTimeField(auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overall = models.FloatField(null=True, blank=True)
    verified = models.FloatField(null=True, blank=True)
    band = models.CharField(max_length=32, blank=True)
    # [[item id, title, market], ...] of critical market-module items not started.
    open_critical_blockers = models.JSONField(default=list)
    result = models.JSONField(default=dict)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "taken_at", "pk"]
        get_latest_by = ["taken_at", "pk"]
        verbose_name = _("score snapshot")
        verbose_name_plural = _("score snapshots")

    def __str__(self) -> str:
        return f"{self.assessment} ({self.get_kind_display()})"
