"""Plain factory functions that build test data with the ORM.

They deliberately bypass the domain functions, so a bug in a domain function cannot hide
behind its own fixtures. :func:`make_world` builds one complete, independent programme;
``tests/conftest.py`` turns two of them into the ``programme_a`` and ``programme_b``
fixtures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from sme2go.companies.models import Certification, CompanyProfile, Product
from sme2go.matches.models import MatchProposal
from sme2go.missions.models import ItineraryDay, Mission, TravelLeg, Visit
from sme2go.needs.models import Need
from sme2go.organisations.models import ContactPerson, Membership, Organisation
from sme2go.programmes.models import Enrolment, Programme
from sme2go.regions.models import Region
from sme2go.taxonomy.models import DOMAIN_LABELS, Domain

PASSWORD = "Shandong-2026-pass"

User = get_user_model()


def make_region(name: str, kind: str, parent: Region | None = None, **extra: Any) -> Region:
    """A region, reused when it already exists (regions are shared reference data)."""
    region, _ = Region.objects.get_or_create(
        name=name, parent=parent, defaults={"kind": kind, **extra}
    )
    return region


def make_china_city(city: str, city_zh: str) -> Region:
    """China › Shandong › ``city``."""
    china = make_region("China", Region.Kind.COUNTRY, name_zh="中国", country_code="CN")
    shandong = make_region("Shandong", Region.Kind.PROVINCE, china, name_zh="山东")
    return make_region(city, Region.Kind.CITY, shandong, name_zh=city_zh)


def make_user(
    username: str,
    organisation: Organisation | None = None,
    role: str = Membership.Role.MANAGER,
    **extra: Any,
):
    """A user with :data:`PASSWORD`, member of ``organisation`` when one is given."""
    user = User.objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org", **extra
    )
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def make_organisation(name: str, kind: str, **extra: Any) -> Organisation:
    return Organisation.objects.create(name=name, kind=kind, **extra)


def make_programme(name: str, partners: list[Organisation], **extra: Any) -> Programme:
    extra.setdefault("start_date", dt.date(2026, 1, 1))
    extra.setdefault("end_date", dt.date(2027, 12, 31))
    programme = Programme.objects.create(name=name, **extra)
    programme.partners.set(partners)
    return programme


def make_company(
    name: str,
    programme: Programme,
    recruited_by: Organisation,
    *,
    domains: tuple[str, ...] = ("water",),
    **profile: Any,
) -> CompanyProfile:
    """A company organisation with a profile, enrolled in ``programme``."""
    organisation = make_organisation(name, Organisation.Kind.COMPANY)
    profile.setdefault("offering", f"{name} builds waste-water treatment plants.")
    profile.setdefault("cpv_codes", ["45252100"])
    profile.setdefault("languages", ["fi", "en"])
    profile.setdefault("target_markets", ["CN"])
    company_profile = CompanyProfile.objects.create(organisation=organisation, **profile)
    company_profile.domains.set(domains)
    Enrolment.objects.create(
        programme=programme, organisation=organisation, recruited_by=recruited_by
    )
    return company_profile


def enrol(programme: Programme, organisation: Organisation, recruited_by=None) -> Enrolment:
    return Enrolment.objects.create(
        programme=programme, organisation=organisation, recruited_by=recruited_by
    )


@dataclass
class World:
    """One programme with one object of every kind, and a user for every role."""

    label: str
    city: Region
    programme: Programme
    operator: Organisation
    operator_user: Any
    company: Organisation
    profile: CompanyProfile
    company_user: Any
    enrolment: Enrolment
    contactperson: ContactPerson
    product: Product
    certification: Certification
    host: Organisation
    host_user: Any
    counterpart: Organisation
    counterpart_user: Any
    need: Need
    mission: Mission
    day: ItineraryDay
    leg: TravelLeg
    visit: Visit

    @cached_property
    def proposal(self) -> MatchProposal:
        """A match proposal of the company for the need, created on first use.

        Lazily, because matching tests start from a world that nobody has ranked yet;
        :meth:`url_kwargs` creates it for the URL walk.
        """
        return MatchProposal.objects.get_or_create(
            need=self.need, company=self.company, defaults={"rank": 1, "score": 0.9}
        )[0]

    @cached_property
    def apitoken(self):
        """A personal API token of the operator user, created on first use (URL walk)."""
        from sme2go.api.models import ApiToken, token_digest

        return ApiToken.objects.create(
            user=self.operator_user,
            name=f"Token {self.label}",
            prefix="sme2go_walk",
            digest=token_digest(f"sme2go_walk_{self.label}"),
        )

    @cached_property
    def calendarfeed(self):
        """The operator user's calendar feed, token ``sme2go_feed_<label>`` (made on first use)."""
        from sme2go.agendas.models import CalendarFeed

        return CalendarFeed.objects.create(
            user=self.operator_user, digest=CalendarFeed.hash_token(f"sme2go_feed_{self.label}")
        )

    @cached_property
    def meetingrequest(self):
        """The company's meeting request to the counterpart, created on first use."""
        from sme2go.planning.models import MeetingRequest

        return MeetingRequest.objects.get_or_create(
            mission=self.mission, requester=self.company, counterpart=self.counterpart
        )[0]

    @cached_property
    def venue(self):
        """A venue with two tables in the mission's city, created on first use."""
        from sme2go.planning.models import Venue

        return Venue.objects.get_or_create(
            mission=self.mission, city=self.city, name=f"Venue {self.label}", defaults={"tables": 2}
        )[0]

    @cached_property
    def interpreter(self):
        """The mission's Chinese interpreter pool, created on first use."""
        from sme2go.planning.models import Interpreter

        return Interpreter.objects.get_or_create(mission=self.mission, language="zh")[0]

    @cached_property
    def unavailability(self):
        """The counterpart's unavailable morning on the mission's day, created on first use."""
        from sme2go.planning.models import Unavailability

        return Unavailability.objects.get_or_create(
            day=self.day,
            organisation=self.counterpart,
            defaults={"start_time": dt.time(9, 0), "end_time": dt.time(10, 0)},
        )[0]

    @cached_property
    def slotsettings(self):
        from sme2go.planning.models import SlotSettings

        return SlotSettings.objects.get_or_create(mission=self.mission)[0]

    @cached_property
    def dayslotsettings(self):
        from sme2go.planning.models import DaySlotSettings

        return DaySlotSettings.objects.get_or_create(day=self.day)[0]

    @cached_property
    def auditentry(self):
        """An audit entry of the programme (the log recorded the making of this world)."""
        from sme2go.audit.models import AuditEntry

        return AuditEntry.objects.filter(programme=self.programme).earliest("pk")

    @cached_property
    def solverrun(self):
        """A finished scheduler run of the mission, created on first use."""
        from sme2go.planning.models import SolverRun

        return SolverRun.objects.create(mission=self.mission, status=SolverRun.Status.DONE)

    @cached_property
    def schedule(self):
        """The draft schedule of :attr:`solverrun`, created on first use."""
        from sme2go.planning.models import Schedule

        return Schedule.objects.create(mission=self.mission, run=self.solverrun)

    @cached_property
    def scheduledmeeting(self):
        """The meeting request at 09:00 on the mission's day in :attr:`schedule`, with
        both parties' seats, created on first use."""
        from sme2go.planning.models import MeetingSeat, ScheduledMeeting

        starts_at = dt.datetime.combine(self.day.date, dt.time(9, 0), tzinfo=dt.UTC)
        meeting = ScheduledMeeting.objects.create(
            schedule=self.schedule,
            request=self.meetingrequest,
            day=self.day,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=30),
            venue=self.venue,
            table=1,
        )
        for organisation in (self.company, self.counterpart):
            MeetingSeat.objects.create(
                meeting=meeting,
                schedule=self.schedule,
                organisation=organisation,
                starts_at=starts_at,
            )
        return meeting

    @cached_property
    def importlog(self):
        """A previewed (not yet committed) company import by the operator user (URL walk)."""
        from sme2go.imports.models import ImportLog

        return ImportLog.objects.create(
            programme=self.programme,
            file_name=f"companies-{self.label}.csv",
            data=b"key,name,offering\n",
            user=self.operator_user,
        )

    @cached_property
    def indicatordefinition(self):
        """An indicator definition of the programme (RCO87), created on first use."""
        from sme2go.reporting.models import IndicatorDefinition

        return IndicatorDefinition.objects.get_or_create(
            programme=self.programme,
            code="RCO87",
            defaults={
                "name": "Organisations cooperating across borders",
                "record_type": "organisations_cooperating",
            },
        )[0]

    @cached_property
    def assessment(self):
        """The company's submitted intake readiness assessment with one answer and its
        score snapshot, made on first use (URL walks)."""
        from sme2go.readiness.models import Answer, Assessment, ScoreSnapshot
        from sme2go.readiness.results import snapshot_fields

        assessment = Assessment.objects.create(
            programme=self.programme,
            company=self.company,
            mission=self.mission,
            wave=Assessment.Wave.INTAKE,
            modules=[{"bank": "generic", "version": "1.0"}, {"bank": "cn", "version": "1.0"}],
            status=Assessment.Status.SUBMITTED,
        )
        Answer.objects.create(assessment=assessment, bank="generic", item_id="D1.1", level=2)
        ScoreSnapshot.objects.create(
            assessment=assessment, kind=ScoreSnapshot.Kind.SUBMITTED, **snapshot_fields(assessment)
        )
        return assessment

    @cached_property
    def evidencefile(self):
        """A PDF backing :attr:`assessment`'s answer (in the test run's media folder)."""
        from django.core.files.base import ContentFile

        from sme2go.readiness.models import EvidenceFile

        data = (
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
        )
        evidence = EvidenceFile(
            assessment=self.assessment,
            answer=self.assessment.answers.get(),
            name=f"plan-{self.label}.pdf",
            content_type="application/pdf",
            size=len(data),
        )
        evidence.file.save(evidence.name, ContentFile(data), save=True)
        return evidence

    @cached_property
    def lead(self):
        """The company's lead with the counterpart on the mission, created on first use."""
        from sme2go.followup.models import Lead, LeadStageChange

        lead = Lead.objects.create(
            programme=self.programme,
            mission=self.mission,
            company=self.company,
            counterpart=self.counterpart,
            title=f"Lead {self.label}",
            owner=self.operator_user,
        )
        LeadStageChange.objects.create(programme=self.programme, lead=lead, to_stage=lead.stage)
        return lead

    @cached_property
    def nextstep(self):
        """An open next step of :attr:`lead`, owned by the operator user."""
        from sme2go.followup.models import NextStep

        return NextStep.objects.create(
            programme=self.programme,
            lead=self.lead,
            text=f"Call back {self.label}",
            due_on=dt.date(2026, 4, 1),
            owner=self.operator_user,
        )

    @cached_property
    def agreement(self):
        """An unconfirmed subcontracting agreement of :attr:`lead`."""
        from sme2go.followup.models import Agreement

        return Agreement.objects.create(
            programme=self.programme,
            mission=self.mission,
            lead=self.lead,
            kind=Agreement.Kind.SUBCONTRACTING,
            company=self.company,
            partner=self.counterpart,
            signed_on=dt.date(2026, 3, 20),
            description=f"Agreement {self.label}",
        )

    @cached_property
    def agreementevidence(self):
        """A one-page PDF of :attr:`agreement` (stored in the test run's media folder)."""
        from django.core.files.base import ContentFile

        from sme2go.followup.models import AgreementEvidence

        data = (
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
        )
        evidence = AgreementEvidence(
            programme=self.programme,
            agreement=self.agreement,
            original_name=f"agreement-{self.label}.pdf",
            content_type=AgreementEvidence.ContentType.PDF,
            size=len(data),
            sha256="0" * 64,
        )
        evidence.file.save(evidence.original_name, ContentFile(data), save=True)
        return evidence

    @cached_property
    def checkin(self):
        """The company's 3-month check-in after the mission (due)."""
        from sme2go.followup.models import CheckIn

        return CheckIn.objects.create(
            programme=self.programme,
            mission=self.mission,
            company=self.company,
            months=3,
            due_on=dt.date(2026, 6, 20),
        )

    @cached_property
    def meetingoutcome(self):
        """:attr:`scheduledmeeting` recorded as held."""
        from sme2go.followup.models import MeetingOutcome

        return MeetingOutcome.objects.create(
            programme=self.programme, mission=self.mission, meeting=self.scheduledmeeting, held=True
        )

    @cached_property
    def meetingfeedback(self):
        """The company's feedback on :attr:`scheduledmeeting`."""
        from sme2go.followup.models import MeetingFeedback

        return MeetingFeedback.objects.create(
            programme=self.programme,
            mission=self.mission,
            meeting=self.scheduledmeeting,
            organisation=self.company,
            rating=4,
            wants_to_continue=True,
        )

    @cached_property
    def sharingconsent(self):
        """The company's consent to share its profile with the host, given on first use."""
        from django.utils import timezone

        from sme2go.dossiers.models import SharingConsent

        return SharingConsent.objects.get_or_create(
            programme=self.programme,
            company=self.company,
            host=self.host,
            withdrawn_at=None,
            defaults={
                "basis": SharingConsent.Basis.COMPANY,
                "given_by": self.company_user,
                "given_at": timezone.now(),
            },
        )[0]

    @cached_property
    def dossier(self):
        """The host dossier of the world's need, prepared on first use."""
        from sme2go.dossiers.models import Dossier

        return Dossier.objects.get_or_create(
            need=self.need,
            defaults={
                "programme": self.programme,
                "host": self.host,
                "created_by": self.operator_user,
            },
        )[0]

    @cached_property
    def dossierversion(self):
        """Version 1 of :attr:`dossier` as it stands (not sent), made on first use."""
        from django.utils import timezone

        from sme2go.dossiers.content import build
        from sme2go.dossiers.models import DossierVersion

        draft = build(self.dossier)
        return DossierVersion.objects.get_or_create(
            dossier=self.dossier,
            number=1,
            defaults={
                "content": draft.content,
                "digest": draft.digest,
                "created_at": timezone.now(),
            },
        )[0]

    def url_kwargs(self) -> dict[str, int]:
        """Every URL keyword of docs/ARCHITECTURE.md, filled with this world's objects."""
        return {
            "programme_pk": self.programme.pk,
            "organisation_pk": self.company.pk,
            "need_pk": self.need.pk,
            "mission_pk": self.mission.pk,
            "day_pk": self.day.pk,
            "leg_pk": self.leg.pk,
            "visit_pk": self.visit.pk,
            "contactperson_pk": self.contactperson.pk,
            "product_pk": self.product.pk,
            "certification_pk": self.certification.pk,
            "enrolment_pk": self.enrolment.pk,
            "proposal_pk": self.proposal.pk,
            "user_pk": self.company_user.pk,
            "apitoken_pk": self.apitoken.pk,
            "importlog_pk": self.importlog.pk,
            "calendarfeed_pk": self.calendarfeed.pk,
            "meetingrequest_pk": self.meetingrequest.pk,
            "venue_pk": self.venue.pk,
            "interpreter_pk": self.interpreter.pk,
            "unavailability_pk": self.unavailability.pk,
            "solverrun_pk": self.solverrun.pk,
            "schedule_pk": self.schedule.pk,
            "scheduledmeeting_pk": self.scheduledmeeting.pk,
            "sharingconsent_pk": self.sharingconsent.pk,
            "dossier_pk": self.dossier.pk,
            "dossierversion_pk": self.dossierversion.pk,
            "lead_pk": self.lead.pk,
            "nextstep_pk": self.nextstep.pk,
            "agreement_pk": self.agreement.pk,
            "agreementevidence_pk": self.agreementevidence.pk,
            "checkin_pk": self.checkin.pk,
            "assessment_pk": self.assessment.pk,
            "evidencefile_pk": self.evidencefile.pk,
            "indicatordefinition_pk": self.indicatordefinition.pk,
        }


def make_world(label: str, city: str = "Weifang", city_zh: str = "潍坊") -> World:
    """Build an independent programme world; ``label`` keeps names and user names unique."""
    # A transactional test (browser, live server) flushes the tables after it ran, taking
    # the smart-city domains that a migration created; later worlds put them back.
    Domain.objects.bulk_create(
        [Domain(code=code, position=i) for i, code in enumerate(DOMAIN_LABELS)],
        ignore_conflicts=True,
    )
    city_region = make_china_city(city, city_zh)
    origin = make_china_city("Qingdao", "青岛")
    operator = make_organisation(f"Operator {label}", Organisation.Kind.OPERATOR)
    operator_user = make_user(f"operator_{label}", operator)
    programme = make_programme(f"Programme {label}", [operator], funder="Interreg")

    profile = make_company(f"Company {label}", programme, operator)
    company = profile.organisation
    company_user = make_user(f"company_{label}", company)
    product = Product.objects.create(profile=profile, name=f"Product {label}")
    certification = Certification.objects.create(profile=profile, name=f"ISO 9001 {label}")

    host = make_organisation(
        f"Host {label}",
        Organisation.Kind.HOST,
        host_type=Organisation.HostType.CITY,
        region=city_region,
        sector="City government",
    )
    host_user = make_user(f"host_{label}", host)
    contactperson = ContactPerson.objects.create(
        organisation=host, name=f"Contact {label}", email=f"contact_{label}@example.org"
    )
    enrol(programme, host)
    counterpart = make_organisation(
        f"Counterpart {label}", Organisation.Kind.COUNTERPART, region=city_region
    )
    counterpart_user = make_user(f"counterpart_{label}", counterpart)
    enrol(programme, counterpart)

    mission = Mission.objects.create(
        programme=programme,
        title=f"Mission {label}",
        start_date=dt.date(2026, 3, 16),
        end_date=dt.date(2026, 3, 20),
    )
    mission.companies.add(company)
    mission.staff.add(operator_user)
    mission.destinations.add(city_region)
    day = ItineraryDay.objects.create(mission=mission, date=dt.date(2026, 3, 16), city=city_region)
    leg = TravelLeg.objects.create(
        day=day,
        origin=origin,
        destination=city_region,
        mode=TravelLeg.Mode.TRAIN,
        duration_minutes=120,
    )
    visit = Visit.objects.create(
        day=day,
        organisation=host,
        title=f"Visit {label}",
        start_time=dt.time(10, 0),
        end_time=dt.time(11, 30),
    )
    need = Need.objects.create(
        programme=programme,
        host=host,
        title=f"Need {label}",
        heard_on=dt.date(2026, 3, 16),
        mission=mission,
        region=city_region,
        cpv_codes=["45252100"],
    )
    need.domains.set(["water"])

    return World(
        label=label,
        city=city_region,
        programme=programme,
        operator=operator,
        operator_user=operator_user,
        company=company,
        profile=profile,
        company_user=company_user,
        enrolment=profile.organisation.enrolments.get(),
        contactperson=contactperson,
        product=product,
        certification=certification,
        host=host,
        host_user=host_user,
        counterpart=counterpart,
        counterpart_user=counterpart_user,
        need=need,
        mission=mission,
        day=day,
        leg=leg,
        visit=visit,
    )


def client_for(user) -> Client:
    """A test client logged in as ``user`` (without going through the throttled login)."""
    client = Client()
    client.force_login(user)
    return client
