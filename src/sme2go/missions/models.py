"""Missions: multi-day, multi-city trips with travel legs and visits to hosts."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sme2go.core.content_language import original_language_field
from sme2go.core.tenancy import Access, TenantQuerySet
from sme2go.core.validators import dates_out_of_range
from sme2go.organisations.models import Organisation

# Plausibility bounds (docs/ARCHITECTURE.md, "Plausible values").
MAX_MISSION_DAYS = 60
MAX_LEG_MINUTES = 48 * 60


class MissionQuerySet(TenantQuerySet):
    def visible_to(self, access: Access) -> models.QuerySet:
        if access.is_operator:
            return self.filter(programme__in=access.programme_ids)
        if access.is_company:
            return self.filter(companies=access.organisation_id)
        if access.is_host:
            # Hosts and counterparts see the missions that visit them or that meet them in a
            # published schedule (a counterpart may have B2B meetings without a visit).
            org = access.organisation_id
            return self.filter(
                Q(days__visits__organisation=org)
                | Q(schedules__status="published", schedules__meetings__seats__organisation=org)
            ).distinct()
        return self.none()


class Mission(models.Model):
    """A trip of a programme: dates, destinations, the delegation and its itinerary."""

    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        CONFIRMED = "confirmed", _("Confirmed")
        DONE = "done", pgettext_lazy("mission status", "Done")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="missions",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNING
    )
    destinations = models.ManyToManyField(
        "regions.Region", verbose_name=_("destination regions"), blank=True, related_name="+"
    )
    companies = models.ManyToManyField(
        Organisation,
        verbose_name=_("participating companies"),
        blank=True,
        related_name="missions",
        limit_choices_to={"kind": Organisation.Kind.COMPANY},
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator staff travelling"),
        blank=True,
        related_name="missions_staffed",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MissionQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = dates_out_of_range(self, "start_date", "end_date")
        if not errors and self.start_date and self.end_date:
            if self.end_date < self.start_date:
                errors["end_date"] = _("The last day cannot be before the first day.")
            elif (self.end_date - self.start_date).days + 1 > MAX_MISSION_DAYS:
                errors["end_date"] = _("A mission lasts at most %(days)d days.") % {
                    "days": MAX_MISSION_DAYS
                }
        if errors:
            raise ValidationError(errors)

    @property
    def duration_days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class MissionChildQuerySet(TenantQuerySet):
    """Itinerary records follow the visibility of their mission."""

    mission_path = "mission"

    def visible_to(self, access: Access) -> models.QuerySet:
        return self.filter(**{f"{self.mission_path}__in": Mission.objects.visible_to(access)})

    def editable_by(self, access: Access) -> models.QuerySet:
        return self.filter(**{f"{self.mission_path}__in": Mission.objects.editable_by(access)})


class ItineraryDay(models.Model):
    """One day of a mission, spent in (or ending in) one city."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    city = models.ForeignKey(
        "regions.Region", verbose_name=_("city"), on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = MissionChildQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        verbose_name = _("itinerary day")
        verbose_name_plural = _("itinerary days")
        constraints = [
            models.UniqueConstraint(fields=["mission", "date"], name="one_itinerary_day_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.date:%a %d %b} — {self.city.name}"

    def clean(self) -> None:
        mission = self.mission if self.mission_id else None
        if mission and self.date and not (mission.start_date <= self.date <= mission.end_date):
            raise ValidationError(
                {
                    "date": _("The day must fall within the mission (%(start)s – %(end)s).")
                    % {"start": mission.start_date, "end": mission.end_date}
                }
            )


class DayChildQuerySet(MissionChildQuerySet):
    mission_path = "day__mission"


class TravelLeg(models.Model):
    """Travel between two cities on an itinerary day."""

    class Mode(models.TextChoices):
        FLIGHT = "flight", _("Flight")
        TRAIN = "train", _("Train")
        COACH = "coach", _("Coach")
        CAR = "car", _("Car")
        FERRY = "ferry", _("Ferry")

    day = models.ForeignKey(ItineraryDay, on_delete=models.CASCADE, related_name="legs")
    origin = models.ForeignKey(
        "regions.Region", verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    destination = models.ForeignKey(
        "regions.Region", verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    departure = models.TimeField(_("departure"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    objects = DayChildQuerySet.as_manager()

    class Meta:
        ordering = ["day__date", "departure"]
        verbose_name = _("travel leg")
        verbose_name_plural = _("travel legs")

    def __str__(self) -> str:
        return f"{self.origin.name} → {self.destination.name} ({self.get_mode_display()})"

    def clean(self) -> None:
        if self.origin_id and self.origin_id == self.destination_id:
            raise ValidationError({"destination": _("A travel leg goes somewhere else.")})
        if self.duration_minutes is not None and self.duration_minutes == 0:
            raise ValidationError({"duration_minutes": _("A travel leg takes some time.")})
        if self.duration_minutes is not None and self.duration_minutes > MAX_LEG_MINUTES:
            raise ValidationError(
                {
                    "duration_minutes": _("A travel leg takes at most %(hours)d hours.")
                    % {"hours": MAX_LEG_MINUTES // 60}
                }
            )


class Visit(models.Model):
    """A group meeting of the delegation with a host or counterpart at a place and time.

    ``companies`` names the delegation's companies that attend when only some do (a factory
    visit for the company it concerns); empty means the whole delegation.
    """

    day = models.ForeignKey(ItineraryDay, on_delete=models.CASCADE, related_name="visits")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("host or counterpart"),
        on_delete=models.PROTECT,
        related_name="visits",
        limit_choices_to={"kind__in": [Organisation.Kind.HOST, Organisation.Kind.COUNTERPART]},
    )
    title = models.CharField(_("title"), max_length=200)
    original_language = original_language_field()
    place = models.CharField(_("place"), max_length=200, blank=True)
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    notes = models.TextField(_("notes"), blank=True)
    companies = models.ManyToManyField(
        Organisation,
        verbose_name=_("attending companies"),
        blank=True,
        related_name="visits_attended",
        limit_choices_to={"kind": Organisation.Kind.COMPANY},
        help_text=_("Companies of the delegation at this visit; none means the whole delegation."),
    )

    objects = DayChildQuerySet.as_manager()

    class Meta:
        ordering = ["day__date", "start_time"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The visit must end after it starts.")})
        org = self.organisation if self.organisation_id else None
        if org is not None and org.kind not in (
            Organisation.Kind.HOST,
            Organisation.Kind.COUNTERPART,
        ):
            raise ValidationError({"organisation": _("Visits are to hosts or counterparts.")})
