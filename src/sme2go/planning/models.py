"""Mission planning: B2B meeting requests, time and place, solver runs and schedules.

A mission's days are cut into slots (:class:`SlotSettings`, overridable per day by
:class:`DaySlotSettings`); each city has :class:`Venue` records with tables. Companies ask
for meetings (:class:`MeetingRequest`); the scheduler (a :class:`SolverRun` in the job
queue) turns the accepted requests into a draft :class:`Schedule` of
:class:`ScheduledMeeting` rows, which an adviser edits (locks, moves) and publishes.

Double booking is refused by the database itself: a table holds one meeting per start
time (:class:`ScheduledMeeting` constraint) and a participant sits in one meeting per start
time (:class:`MeetingSeat` constraint), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sme2go.core.tenancy import Access
from sme2go.missions.models import DayChildQuerySet, ItineraryDay, Mission, MissionChildQuerySet
from sme2go.organisations.models import Organisation

MAX_TABLES = 500

language_code = RegexValidator(r"^[a-z]{2,3}$", _("Give an ISO 639 language code, e.g. zh."))


def time_zone_name(value: str) -> None:
    """Refuse a name that is not an IANA time zone (e.g. Asia/Shanghai)."""
    import zoneinfo

    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a time zone; give an IANA name such as Asia/Shanghai."),
            params={"value": value},
        )


class SlotSettings(models.Model):
    """How a mission's days are cut into meeting slots, and how the scheduler runs.

    The day runs from ``day_start`` to ``day_end`` in slots of ``slot_minutes``; the
    optional break (``break_start``–``break_end``, e.g. lunch) holds no meetings. Times
    are local times of the city the day is spent in, in ``time_zone`` (empty: the
    server's ``TIME_ZONE``). ``fairness`` is the most idle slots
    (breaks) one participant may have on a day; ``time_limit_s`` bounds a solver run.
    """

    mission = models.OneToOneField(Mission, on_delete=models.CASCADE, related_name="slot_settings")
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    day_start = models.TimeField(_("meetings start"), default="09:00")
    day_end = models.TimeField(_("meetings end"), default="17:00")
    break_start = models.TimeField(_("break starts"), null=True, blank=True)
    break_end = models.TimeField(_("break ends"), null=True, blank=True)
    fairness = models.PositiveSmallIntegerField(
        _("most breaks per participant and day"),
        default=2,
        validators=[MaxValueValidator(20)],
    )
    time_limit_s = models.PositiveSmallIntegerField(
        _("solver time limit (seconds)"),
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
    )
    time_zone = models.CharField(
        _("time zone of the trip"),
        max_length=64,
        blank=True,
        validators=[time_zone_name],
        help_text=_("IANA name, e.g. Asia/Shanghai; empty: the server's time zone"),
    )

    objects = MissionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("slot settings")
        verbose_name_plural = _("slot settings")

    def __str__(self) -> str:
        return f"{self.mission}: {self.slot_minutes} min"


class DaySlotSettings(models.Model):
    """One itinerary day's own slot times; empty fields take the mission's
    :class:`SlotSettings`. ``no_meetings`` keeps the whole day free of B2B meetings."""

    day = models.OneToOneField(ItineraryDay, on_delete=models.CASCADE, related_name="slot_settings")
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    day_start = models.TimeField(_("meetings start"), null=True, blank=True)
    day_end = models.TimeField(_("meetings end"), null=True, blank=True)
    break_start = models.TimeField(_("break starts"), null=True, blank=True)
    break_end = models.TimeField(_("break ends"), null=True, blank=True)
    no_meetings = models.BooleanField(_("no B2B meetings this day"), default=False)

    objects = DayChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("day slot settings")
        verbose_name_plural = _("day slot settings")

    def __str__(self) -> str:
        return str(self.day)


class Venue(models.Model):
    """A place in one of the mission's cities where B2B meetings take place at tables."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="venues")
    city = models.ForeignKey(
        "regions.Region", verbose_name=_("city"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    tables = models.PositiveSmallIntegerField(
        _("tables"), validators=[MinValueValidator(1), MaxValueValidator(MAX_TABLES)]
    )

    objects = MissionChildQuerySet.as_manager()

    class Meta:
        ordering = ["city__name", "name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        constraints = [
            models.UniqueConstraint(fields=["mission", "city", "name"], name="venue_name_per_city"),
            models.CheckConstraint(condition=Q(tables__gte=1), name="venue_has_tables"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city.name})"


class Interpreter(models.Model):
    """Interpreting for one language on a mission: ``capacity`` meetings at the same time
    (one pool per language; the scheduler never needs more at once)."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="interpreters")
    language = models.CharField(
        _("language"), max_length=3, validators=[language_code], help_text=_("ISO code, e.g. zh")
    )
    name = models.CharField(_("name or agency"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("meetings covered at once"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    objects = MissionChildQuerySet.as_manager()

    class Meta:
        ordering = ["language", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "language"], name="one_interpreter_pool_per_language"
            )
        ]
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")

    def __str__(self) -> str:
        return f"{self.language}: {self.capacity}"


class Unavailability(models.Model):
    """A time on one itinerary day when an organisation cannot meet."""

    day = models.ForeignKey(ItineraryDay, on_delete=models.CASCADE, related_name="unavailable")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="unavailabilities"
    )
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = DayChildQuerySet.as_manager()

    class Meta:
        ordering = ["day__date", "start_time"]
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailabilities")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.day.date} {self.start_time}–{self.end_time}"

    def clean(self) -> None:
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The time must end after it starts.")})


class MeetingRequestQuerySet(MissionChildQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        if access.is_operator:
            return self.filter(mission__programme__in=access.programme_ids)
        if access.organisation_id is None:
            return self.none()
        # Companies, hosts and counterparts see the requests they are a party to.
        return self.filter(
            Q(requester=access.organisation_id) | Q(counterpart=access.organisation_id)
        )


class MeetingRequest(models.Model):
    """A company's request to meet a host, counterpart or another company on a mission.

    ``priority``: 3 high, 2 normal, 1 low (the scheduler's weight when not every request
    fits). ``must_meet``: set by an adviser; the scheduler treats the meeting as required.
    ``language``: an interpreter for this language is needed. The other side (or an
    adviser on its behalf) accepts or declines; only accepted requests are scheduled.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Priority(models.IntegerChoices):
        LOW = 1, _("Low")
        NORMAL = 2, _("Normal")
        HIGH = 3, _("High")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="requests")
    requester = models.ForeignKey(
        Organisation,
        verbose_name=_("requesting company"),
        on_delete=models.CASCADE,
        related_name="meeting_requests_made",
    )
    counterpart = models.ForeignKey(
        Organisation,
        verbose_name=_("meet with"),
        on_delete=models.CASCADE,
        related_name="meeting_requests_received",
    )
    need = models.ForeignKey(
        "needs.Need",
        verbose_name=_("need"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_requests",
    )
    proposal = models.ForeignKey(
        "matches.MatchProposal",
        verbose_name=_("from the match"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_requests",
    )
    purpose = models.TextField(_("purpose"), blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    must_meet = models.BooleanField(_("must meet"), default=False)
    language = models.CharField(
        _("interpreter needed for"),
        max_length=3,
        blank=True,
        validators=[language_code],
        help_text=_("ISO code, e.g. zh; empty when the parties share a language"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer_note = models.CharField(_("note with the answer"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingRequestQuerySet.as_manager()

    class Meta:
        ordering = ["mission", "-priority", "created_at"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "requester", "counterpart"], name="one_request_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(requester=models.F("counterpart")), name="request_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.counterpart}"


class SolverRunQuerySet(MissionChildQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        if not access.is_operator:
            return self.none()
        return self.filter(mission__programme__in=access.programme_ids)


class SolverRun(models.Model):
    """One run of the scheduler for a mission, executed by a job-queue worker.

    The worker writes ``elapsed_s``, ``objective`` and ``bound`` as the solver reports
    progress and refreshes ``heartbeat_at``; a run whose heartbeat is stale was lost with
    its worker and is marked failed before the next run starts. ``cancel_requested`` asks
    the worker to stop. At most one run per mission is queued or running at a time
    (database constraint). ``notes`` say how the run ended, as
    :class:`~sme2go.planning.problem.Note` JSON (template and values, not text), so each
    reader sees them in their own language (:attr:`message`).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", pgettext_lazy("solver run status", "Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="solver_runs")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task_id = models.CharField(max_length=64, blank=True)
    time_limit_s = models.PositiveSmallIntegerField(_("time limit (seconds)"), default=60)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)
    elapsed_s = models.FloatField(_("elapsed (s)"), default=0.0)
    phase = models.CharField(max_length=32, blank=True)
    objective = models.FloatField(_("best so far"), null=True, blank=True)
    bound = models.FloatField(_("bound"), null=True, blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)

    objects = SolverRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("solver run")
        verbose_name_plural = _("solver runs")
        constraints = [
            models.UniqueConstraint(
                fields=["mission"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_run_per_mission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission} #{self.pk} ({self.get_status_display()})"

    @property
    def message(self) -> str:
        """The notes as text in the active language, one a line ("" without notes)."""
        from sme2go.planning.problem import Note  # problem.py imports these models

        return "\n".join(str(Note.from_json(note)) for note in self.notes)


class ScheduleQuerySet(MissionChildQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        if access.is_operator:
            return self.filter(mission__programme__in=access.programme_ids)
        # Others only ever see what an adviser published.
        return self.filter(
            mission__in=Mission.objects.visible_to(access), status=Schedule.Status.PUBLISHED
        )


class Schedule(models.Model):
    """A set of scheduled meetings for a mission: a draft, the published one, or an
    earlier published one (superseded). At most one is published per mission.

    The solver's figures are kept beside the greedy baseline's, so the gain is visible:
    ``breaks``/``greedy_breaks`` idle slots in total, ``left_out``/``greedy_left_out``
    accepted requests not placed, ``bound`` the proven lower bound on breaks.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="schedules")
    run = models.OneToOneField(
        SolverRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="schedule"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    solver_status = models.CharField(_("solver status"), max_length=16, blank=True)
    breaks = models.PositiveIntegerField(_("breaks"), null=True, blank=True)
    bound = models.PositiveIntegerField(_("bound"), null=True, blank=True)
    left_out = models.PositiveIntegerField(_("left out"), default=0)
    greedy_breaks = models.PositiveIntegerField(_("greedy breaks"), null=True, blank=True)
    greedy_left_out = models.PositiveIntegerField(_("greedy left out"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        constraints = [
            models.UniqueConstraint(
                fields=["mission"],
                condition=Q(status="published"),
                name="one_published_schedule_per_mission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission} — {self.get_status_display()} #{self.pk}"


class ScheduledMeetingQuerySet(MissionChildQuerySet):
    mission_path = "schedule__mission"

    def visible_to(self, access: Access) -> models.QuerySet:
        schedules = Schedule.objects.visible_to(access)
        queryset = self.filter(schedule__in=schedules)
        if access.is_operator:
            return queryset
        if access.organisation_id is None:
            return self.none()
        return queryset.filter(seats__organisation=access.organisation_id).distinct()


class ScheduledMeeting(models.Model):
    """One B2B meeting of a schedule: a request at a time, venue and table.

    ``starts_at``/``ends_at`` are aware datetimes (stored in UTC; shown in the city's
    time zone). ``locked``: an adviser fixed it here; re-solving keeps it in place.
    """

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="meetings")
    request = models.ForeignKey(
        MeetingRequest, on_delete=models.CASCADE, related_name="scheduled_meetings"
    )
    day = models.ForeignKey(ItineraryDay, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="meetings")
    table = models.PositiveSmallIntegerField(_("table"), validators=[MinValueValidator(1)])
    locked = models.BooleanField(_("locked"), default=False)
    interpreter_language = models.CharField(_("interpreter"), max_length=16, blank=True)

    objects = ScheduledMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "venue", "table"]
        verbose_name = _("scheduled meeting")
        verbose_name_plural = _("scheduled meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "venue", "table", "starts_at"], name="one_meeting_per_table"
            ),
            models.UniqueConstraint(
                fields=["schedule", "request"], name="request_once_per_schedule"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} at {self.starts_at:%Y-%m-%d %H:%M}"


class MeetingSeatQuerySet(MissionChildQuerySet):
    mission_path = "meeting__schedule__mission"


class MeetingSeat(models.Model):
    """A participant's place in a scheduled meeting. Exists so the database can refuse a
    participant booked twice at one start time within a schedule."""

    meeting = models.ForeignKey(ScheduledMeeting, on_delete=models.CASCADE, related_name="seats")
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="seats")
    starts_at = models.DateTimeField()

    objects = MeetingSeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting seat")
        verbose_name_plural = _("meeting seats")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "organisation", "starts_at"],
                name="one_meeting_per_participant_and_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.meeting}"
