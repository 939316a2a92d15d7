"""Follow-up after a mission: what came of the meetings, and of the trip.

- :class:`MeetingOutcome`: whether a B2B meeting of a published schedule took place. No
  row is needed for the usual case: **a meeting whose end time has passed counts as held
  unless an outcome records it as not held** (the adviser records the exceptions: a
  no-show, a cancelled slot). :class:`FollowUpMeeting` ``.objects.held()`` applies that
  rule; it is the one definition of "meetings held" (pages, reports, indicators).
- :class:`MeetingFeedback`: each side of a meeting rates it (1-5), says whether it wants
  to continue, and adds notes. One row per meeting and side (organisation).
- :class:`Lead`: a business opportunity between one of the programme's companies and a
  counterpart organisation, usually from a meeting, moving through :class:`Lead.Stage`
  (first contact → negotiation → agreement → delivered, or lost with a reason); each
  change is kept as a :class:`LeadStageChange`. :class:`NextStep` rows hang below it.
- :class:`Agreement`: a signed partnership agreement, typed as in the Enterprise Europe
  Network's partnership-agreement types (:class:`Agreement.Kind`, grouped into
  business, technology and research), with :class:`AgreementEvidence` files and an
  adviser's confirmation. Only confirmed agreements count in the programme's reports.
- :class:`CheckIn`: 3, 6 and 12 months after a mission's last day each participating
  company is asked whether the cooperation started on the trip continues.

Every model carries its ``programme`` (and ``mission`` where it applies) for tenancy:
operator staff of the programme see and change everything; company users see their own
company's records (and answer its check-ins); each side of a meeting sees its own
feedback.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sme2go.core.tenancy import Access, TenantQuerySet
from sme2go.core.validators import dates_out_of_range, texts_too_long
from sme2go.planning.models import Schedule, ScheduledMeeting, ScheduledMeetingQuerySet

# Check-ins after a mission's last day, in months.
CHECK_IN_MONTHS = (3, 6, 12)
# Evidence files: at most this many bytes each (a scanned, signed agreement is a few MB).
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_NOTES_CHARS = 5_000


class ProgrammeQuerySet(TenantQuerySet):
    """Follow-up records of a programme: its operator staff see them; others per model
    (:meth:`visible_to_party`)."""

    company_path = "company"

    def visible_to(self, access: Access) -> models.QuerySet:
        if access.is_operator:
            return self.filter(programme__in=access.programme_ids)
        if access.organisation_id is None:
            return self.none()
        return self.visible_to_party(access)

    def visible_to_party(self, access: Access) -> models.QuerySet:
        """What a company user sees: its own company's records."""
        if not access.is_company:
            return self.none()
        return self.filter(
            **{self.company_path: access.organisation_id},
            programme__in=access.programme_ids,
        )

    def editable_by(self, access: Access) -> models.QuerySet:
        if not access.is_operator:
            return self.none()
        return self.filter(programme__in=access.programme_ids)


# Meetings ----------------------------------------------------------------------------------


class FollowUpMeetingQuerySet(ScheduledMeetingQuerySet):
    """Scheduled meetings as follow-up counts them."""

    def published(self) -> models.QuerySet:
        """Meetings of the missions' published schedules (drafts and superseded ones never
        took place)."""
        return self.filter(schedule__status=Schedule.Status.PUBLISHED)

    def held(self, at: dt.datetime | None = None) -> models.QuerySet:
        """Meetings of published schedules that took place by ``at`` (default: now).

        The rule: recorded as held (:class:`MeetingOutcome` ``held=True``; the domain
        records it once the meeting has started), or ended by ``at`` with no outcome
        recorded. A meeting recorded as not held never counts, whatever the time.
        """
        at = at or timezone.now()
        return self.published().filter(
            Q(outcome__held=True) | Q(outcome__isnull=True, ends_at__lte=at)
        )

    def not_held(self) -> models.QuerySet:
        """Meetings of published schedules recorded as not held."""
        return self.published().filter(outcome__held=False)


class FollowUpMeeting(ScheduledMeeting):
    """A :class:`~sme2go.planning.models.ScheduledMeeting` seen by follow-up (no table of
    its own): ``FollowUpMeeting.objects.held()`` is the rule of meetings held."""

    objects = FollowUpMeetingQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("meeting (follow-up)")
        verbose_name_plural = _("meetings (follow-up)")


class MeetingOutcomeQuerySet(ProgrammeQuerySet):
    def visible_to_party(self, access: Access) -> models.QuerySet:
        return self.filter(meeting__seats__organisation=access.organisation_id).distinct()


class MeetingOutcome(models.Model):
    """Whether a scheduled meeting of a published schedule took place.

    Recorded for the exceptions: without a row, a meeting whose end time has passed
    counts as held (:meth:`FollowUpMeetingQuerySet.held`). ``held=False`` with a
    ``note`` (e.g. "the counterpart did not come"); ``held=True`` records a meeting as
    held before its end time has passed (feedback given right after it started).
    """

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    mission = models.ForeignKey("missions.Mission", on_delete=models.CASCADE, related_name="+")
    meeting = models.OneToOneField(
        ScheduledMeeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="outcome",
    )
    held = models.BooleanField(_("the meeting took place"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = MeetingOutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting outcome")
        verbose_name_plural = _("meeting outcomes")

    def __str__(self) -> str:
        return f"{self.meeting}: {_('held') if self.held else _('not held')}"


class MeetingFeedbackQuerySet(ProgrammeQuerySet):
    def visible_to_party(self, access: Access) -> models.QuerySet:
        # Each side sees the feedback it gave, not the other side's.
        return self.filter(organisation=access.organisation_id)

    def editable_by(self, access: Access) -> models.QuerySet:
        if access.is_operator:
            return self.filter(programme__in=access.programme_ids)
        if access.organisation_id is None:
            return self.none()
        return self.filter(organisation=access.organisation_id)


class MeetingFeedback(models.Model):
    """One side's feedback on a meeting: ``organisation`` is that side (a participant of
    the meeting), ``author`` the user who wrote it (an adviser may write it for a side)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    mission = models.ForeignKey("missions.Mission", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        ScheduledMeeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("side"),
        on_delete=models.CASCADE,
        related_name="meeting_feedback",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (not useful) to 5 (very useful)"),
    )
    wants_to_continue = models.BooleanField(_("we want to continue"))
    notes = models.TextField(_("notes"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingFeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["meeting__starts_at", "organisation__name"]
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="one_feedback_per_meeting_side"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.rating}/5"

    def clean(self) -> None:
        errors = texts_too_long(self, "notes", limit=MAX_NOTES_CHARS)
        if errors:
            raise ValidationError(errors)


# Leads and next steps ----------------------------------------------------------------------


class Lead(models.Model):
    """A business opportunity of ``company`` (one of the programme's SMEs) with
    ``counterpart`` (a host, a local company or another SME), usually found in
    ``source_meeting``. ``owner`` is the adviser who follows it up.

    A lost lead names why (``lost_reason``; a database constraint). ``stage_changed_at``
    is when it reached its current stage; the whole path is in :class:`LeadStageChange`.
    """

    class Stage(models.TextChoices):
        FIRST_CONTACT = "first_contact", _("First contact")
        NEGOTIATION = "negotiation", _("Negotiation")
        AGREEMENT = "agreement", _("Agreement")
        DELIVERED = "delivered", _("Delivered")
        LOST = "lost", _("Lost")

    # The pipeline in order (lost is off it).
    PIPELINE = (Stage.FIRST_CONTACT, Stage.NEGOTIATION, Stage.AGREEMENT, Stage.DELIVERED)

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="leads"
    )
    mission = models.ForeignKey(
        "missions.Mission",
        verbose_name=_("mission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    company = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="leads",
    )
    counterpart = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("counterpart organisation"),
        on_delete=models.CASCADE,
        related_name="leads_as_counterpart",
    )
    source_meeting = models.ForeignKey(
        ScheduledMeeting,
        verbose_name=_("from the meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    title = models.CharField(_("what it is about"), max_length=200)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.FIRST_CONTACT
    )
    lost_reason = models.CharField(_("why it was lost"), max_length=500, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads_owned",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    stage_changed_at = models.DateTimeField(_("stage since"), default=timezone.now)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-stage_changed_at", "pk"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage="lost") | ~Q(lost_reason=""), name="lost_lead_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(company=models.F("counterpart")), name="lead_not_with_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} – {self.counterpart}: {self.title}"


class LeadChildQuerySet(ProgrammeQuerySet):
    company_path = "lead__company"


class LeadStageChange(models.Model):
    """One step of a lead's path: from ``from_stage`` (empty: the lead was recorded) to
    ``to_stage``, when and by whom, with the reason when it was lost.

    ``note`` is what a person wrote (a note, the lost reason), shown as written. A step
    the system made is ``event`` (a key of :attr:`EVENT_TEXTS`) with ``event_params``
    (dates as ISO strings), put into words in the reader's language by
    :attr:`event_text`, never stored as a sentence in the language of whoever caused it.
    """

    class Event(models.TextChoices):
        AGREEMENT_SIGNED = "agreement_signed", _("agreement signed")

    #: The sentence of each event; ``%(date)s`` is filled with the localised date.
    EVENT_TEXTS = {Event.AGREEMENT_SIGNED: _("Agreement signed on %(date)s")}

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=16, choices=Lead.Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Lead.Stage.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    event = models.CharField(_("event"), max_length=32, choices=Event.choices, blank=True)
    event_params = models.JSONField(_("event parameters"), default=dict, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    objects = LeadChildQuerySet.as_manager()

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("lead stage change")
        verbose_name_plural = _("lead stage changes")

    def __str__(self) -> str:
        return f"{self.lead}: {self.from_stage or '-'} → {self.to_stage}"

    @property
    def event_text(self) -> str:
        """The event in the active language ("" for none or an unknown key)."""
        text = self.EVENT_TEXTS.get(self.event)
        if text is None:
            return ""
        params = dict(self.event_params)
        if "date" in params:
            params["date"] = date_format(dt.date.fromisoformat(params["date"]), "DATE_FORMAT")
        return str(text) % params


class NextStepQuerySet(LeadChildQuerySet):
    def visible_to_party(self, access: Access) -> models.QuerySet:
        return super().visible_to_party(access) | self.filter(owner=access.user_id)

    def editable_by(self, access: Access) -> models.QuerySet:
        """Operator staff of the programme, and the step's owner (to mark it done)."""
        if access.is_operator:
            return self.filter(programme__in=access.programme_ids)
        if access.user_id is None:
            return self.none()
        return self.filter(owner=access.user_id, programme__in=access.programme_ids)

    def overdue(self, today: dt.date | None = None) -> models.QuerySet:
        """Steps not done whose due date is before ``today`` (default: today)."""
        return self.filter(done=False, due_on__lt=today or timezone.localdate())


class NextStep(models.Model):
    """What has to happen next on a lead, by when (``due_on``) and who does it
    (``owner``). ``reminder_sent_at``: when the owner was e-mailed that it is overdue
    (once per step)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="next_steps")
    text = models.CharField(_("next step"), max_length=500)
    due_on = models.DateField(_("due"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="next_steps",
    )
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    objects = NextStepQuerySet.as_manager()

    class Meta:
        ordering = ["done", "due_on", "pk"]
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")

    def __str__(self) -> str:
        return f"{self.text} ({self.due_on})"

    def clean(self) -> None:
        errors = dates_out_of_range(self, "due_on")
        if errors:
            raise ValidationError(errors)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return not self.done and self.due_on < (today or timezone.localdate())


# Agreements --------------------------------------------------------------------------------


class AgreementQuerySet(ProgrammeQuerySet):
    def confirmed(self) -> models.QuerySet:
        """Agreements an adviser confirmed: the only ones reports count."""
        return self.filter(confirmed_at__isnull=False)

    def of_category(self, category: str) -> models.QuerySet:
        """Agreements of one :attr:`Agreement.Category` (business, technology, research)."""
        kinds = [kind for kind, cat in Agreement.CATEGORY_OF.items() if cat == category]
        return self.filter(kind__in=kinds)


class Agreement(models.Model):
    """A partnership agreement signed between ``company`` and ``partner``.

    ``kind`` follows the Enterprise Europe Network's partnership-agreement types; each
    belongs to a :attr:`category` (business, technology, research). ``source_meeting``
    (or the ``lead``'s meeting) is where the parties met: an agreement cannot be signed
    before that meeting's day. An adviser of the programme confirms the agreement once
    the evidence is seen: ``confirmed_at`` set means confirmed (``confirmed_by`` names
    the adviser while the account exists).
    """

    class Category(models.TextChoices):
        BUSINESS = "business", _("Business")
        TECHNOLOGY = "technology", _("Technology")
        RESEARCH = "research", _("Research")

    class Kind(models.TextChoices):
        COMMERCIAL_AGENCY = "commercial_agency", _("Commercial agency agreement")
        DISTRIBUTION = "distribution", _("Distribution services agreement")
        JOINT_VENTURE = "joint_venture", _("Joint venture agreement")
        SUBCONTRACTING = "subcontracting", _("Subcontracting agreement")
        OUTSOURCING = "outsourcing", _("Outsourcing agreement")
        MANUFACTURING = "manufacturing", _("Manufacturing agreement")
        SERVICES = "services", _("Services agreement")
        SUPPLIER = "supplier", _("Supplier agreement")
        FRANCHISE = "franchise", _("Franchise agreement")
        FINANCIAL = "financial", _("Financial agreement")
        ACQUISITION = "acquisition", _("Acquisition agreement")
        LICENCE = "licence", _("Licence agreement")
        TECHNICAL_COOPERATION = "technical_cooperation", _("Technical cooperation agreement")
        COMMERCIAL_TECHNICAL = (
            "commercial_technical",
            _("Commercial agreement with technical assistance"),
        )
        RESEARCH_COOPERATION = "research_cooperation", _("Research cooperation agreement")
        RESEARCH_DEVELOPMENT = (
            "research_development",
            _("Research and development cooperation agreement"),
        )

    CATEGORY_OF: dict[str, str] = {
        **dict.fromkeys(
            [
                Kind.COMMERCIAL_AGENCY,
                Kind.DISTRIBUTION,
                Kind.JOINT_VENTURE,
                Kind.SUBCONTRACTING,
                Kind.OUTSOURCING,
                Kind.MANUFACTURING,
                Kind.SERVICES,
                Kind.SUPPLIER,
                Kind.FRANCHISE,
                Kind.FINANCIAL,
                Kind.ACQUISITION,
            ],
            Category.BUSINESS,
        ),
        **dict.fromkeys(
            [Kind.LICENCE, Kind.TECHNICAL_COOPERATION, Kind.COMMERCIAL_TECHNICAL],
            Category.TECHNOLOGY,
        ),
        **dict.fromkeys([Kind.RESEARCH_COOPERATION, Kind.RESEARCH_DEVELOPMENT], Category.RESEARCH),
    }

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="agreements"
    )
    mission = models.ForeignKey(
        "missions.Mission",
        verbose_name=_("mission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    lead = models.ForeignKey(
        Lead,
        verbose_name=_("lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    source_meeting = models.ForeignKey(
        ScheduledMeeting,
        verbose_name=_("from the meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    kind = models.CharField(_("type of agreement"), max_length=32, choices=Kind.choices)
    company = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    partner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="agreements_as_partner",
    )
    signed_on = models.DateField(_("signed on"))
    description = models.TextField(_("short description"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=~Q(company=models.F("partner")), name="agreement_not_with_itself"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | Q(confirmed_at__isnull=False),
                name="agreement_confirmed_by_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.company} – {self.partner}"

    @property
    def category(self) -> str:
        return self.CATEGORY_OF[self.kind]

    def get_category_display(self) -> str:
        return str(self.Category(self.category).label)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def clean(self) -> None:
        errors = dates_out_of_range(self, "signed_on")
        errors.update(texts_too_long(self, "description", limit=MAX_NOTES_CHARS))
        if errors:
            raise ValidationError(errors)


class AgreementChildQuerySet(ProgrammeQuerySet):
    company_path = "agreement__company"


def evidence_path(instance: AgreementEvidence, filename: str) -> str:
    """``followup/evidence/<programme>/<random>.<ext>``: the stored name reveals nothing
    and never collides; the original name is kept in :attr:`AgreementEvidence.original_name`."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"followup/evidence/{instance.programme_id}/{uuid.uuid4().hex}{suffix}"


class AgreementEvidence(models.Model):
    """A file that shows an agreement was signed: a PDF or an image (PNG, JPEG).

    ``content_type`` is what the file's own bytes say it is (checked by
    :mod:`sme2go.followup.evidence` before it is stored, against the name's extension
    and the size limit :data:`MAX_EVIDENCE_BYTES`), ``sha256`` its digest.
    """

    class ContentType(models.TextChoices):
        PDF = "application/pdf", "PDF"
        PNG = "image/png", "PNG"
        JPEG = "image/jpeg", "JPEG"

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=32, choices=ContentType.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("what it shows"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = AgreementChildQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("agreement evidence")
        verbose_name_plural = _("agreement evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0, size__lte=MAX_EVIDENCE_BYTES), name="evidence_size_bounds"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


# Check-ins ---------------------------------------------------------------------------------


class CheckInQuerySet(ProgrammeQuerySet):
    def editable_by(self, access: Access) -> models.QuerySet:
        """Operator staff of the programme, and the company's users (who answer)."""
        if access.is_operator:
            return self.filter(programme__in=access.programme_ids)
        return self.visible_to(access) if access.is_company else self.none()

    def due(self, today: dt.date | None = None) -> models.QuerySet:
        """Check-ins not answered whose day has come (``due_on`` on or before ``today``)."""
        return self.filter(answered_at__isnull=True, due_on__lte=today or timezone.localdate())

    def answered(self) -> models.QuerySet:
        return self.filter(answered_at__isnull=False)


class CheckIn(models.Model):
    """The question to ``company``, ``months`` (3, 6 or 12) after ``mission``'s last day
    (``due_on``): does the cooperation begun on the trip continue?

    ``continues`` is the answer (``None`` until answered at ``answered_at``);
    ``reminder_sent_at``: when the company's users were e-mailed the question (once).
    """

    class Months(models.IntegerChoices):
        THREE = 3, _("3 months")
        SIX = 6, _("6 months")
        TWELVE = 12, _("12 months")

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="check_ins"
    )
    company = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="check_ins",
    )
    months = models.PositiveSmallIntegerField(_("after"), choices=Months.choices)
    due_on = models.DateField(_("due"))
    continues = models.BooleanField(_("the cooperation continues"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "company__name"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "company", "months"], name="one_check_in_per_company_and_time"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(continues__isnull=False),
                name="answered_check_in_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company}: {self.get_months_display()} ({self.due_on})"

    def clean(self) -> None:
        errors = texts_too_long(self, "notes", limit=MAX_NOTES_CHARS)
        if errors:
            raise ValidationError(errors)
