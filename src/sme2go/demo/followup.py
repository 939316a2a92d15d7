"""The demo's follow-up: what came of the Shandong mission by the day after the trip,
written through :mod:`sme2go.followup.domain`.

The meetings of the published schedule are recorded as held (but one: the Weifang
heating bureau's delegate was called away), both sides of most meetings gave feedback,
the advisers recorded leads in every stage with next steps, Istuin Design Oy and
Zhucheng Hengmu Seating signed their cooperation agreement (a subcontracting agreement,
with the signed PDF as evidence, confirmed by Posintra), Kirkasvirta and Norrträ found
counterparts in Rizhao, and the 3-, 6- and 12-month check-ins of every company are
scheduled. The demo is dated :data:`~sme2go.demo.data.DEMO_DAY` (the day after the
trip), so the system records what the clock of the machine may still call the future.
Every record is dated where the story puts it, never on the day the demo is loaded:
outcomes and feedback on the evening of their meeting, leads from then on, the
agreement at the dinner in Zhucheng with its signed copy, its confirmation at the office
on the day after the trip, each next step when its lead reached its stage. Kirkasvirta's meeting with Luftkoll is left without Kirkasvirta's feedback, for the
``aqua`` login to give.

Loading again changes nothing that is there: outcomes and feedback are re-recorded in
place, leads, next steps and the agreement are found by their natural keys.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from sme2go.demo import data
from sme2go.followup import domain
from sme2go.followup.models import (
    Agreement,
    AgreementEvidence,
    Lead,
    LeadStageChange,
    MeetingFeedback,
    MeetingOutcome,
    NextStep,
)
from sme2go.missions.models import Mission
from sme2go.organisations.models import Organisation
from sme2go.planning.models import Schedule, ScheduledMeeting

D = dt.date
ISTUIN, HENGMU = "Istuin Design Oy", "Zhucheng Hengmu Seating Co., Ltd."
KIRKASVIRTA, QINGQUAN = "Kirkasvirta Water Oy", "Rizhao Qingquan Water Group Co., Ltd."
NORRTRA, LINHAI = "Norrträ Byggsystem AB", "Rizhao Linhai Eco-Tourism Development Co., Ltd."
RIZHAO = "Rizhao Municipal People's Government"
LUFTKOLL, VARMEFLODE, VILJAVA = (
    "Luftkoll Sensors AB",
    "Värmeflöde Energy AB",
    "Viljava Food Technology Oy",
)
WEIFANG_CITY = "Weifang Municipal People's Government"

# (requesting company, counterpart, note): meetings that did not take place.
NOT_HELD: tuple[tuple[str, str, str], ...] = (
    (VARMEFLODE, WEIFANG_CITY, "The heating bureau's delegate was called away; a call is planned."),
)

# (requester, counterpart, side giving feedback, rating, wants to continue, notes).
FEEDBACK: tuple[tuple[str, str, str, int, bool, str], ...] = (
    (ISTUIN, HENGMU, ISTUIN, 5, True, "Factory tour convinced us; shells tested on site."),
    (ISTUIN, HENGMU, HENGMU, 5, True, "Good design partner for the export range."),
    (KIRKASVIRTA, RIZHAO, KIRKASVIRTA, 5, True, "Two pilot villages named by the city."),
    (KIRKASVIRTA, RIZHAO, RIZHAO, 4, True, "Interested in compact plants; needs a cost offer."),
    (KIRKASVIRTA, QINGQUAN, KIRKASVIRTA, 5, True, "The utility wants remote monitoring too."),
    (NORRTRA, LINHAI, NORRTRA, 4, True, "Forest-cabin series fits their park plan."),
    (NORRTRA, LINHAI, LINHAI, 4, True, "Asked for a cost estimate for 40 cabins."),
    (
        VILJAVA,
        "Weifang Jinhe Foods Co., Ltd.",
        VILJAVA,
        3,
        True,
        "Early stage; freezing line in 2028.",
    ),
    (LUFTKOLL, "Weifang High-Tech Zone Administrative Committee", LUFTKOLL, 4, True, ""),
    (LUFTKOLL, KIRKASVIRTA, LUFTKOLL, 4, True, "Sensors for Kirkasvirta's plants: a quote next."),
    (VARMEFLODE, "Weifang Food Valley Administration", VARMEFLODE, 2, False, "Prices too low."),
)

# (company, counterpart, source meeting (requester, counterpart) or None, title, stages
# after the first, lost reason, owner).
LEADS: tuple[tuple[str, str, tuple[str, str], str, tuple[str, ...], str, str], ...] = (
    (
        ISTUIN,
        HENGMU,
        (ISTUIN, HENGMU),
        "Koivu seat shells made in Zhucheng",
        ("negotiation",),
        "",
        "posintra",
    ),
    (
        KIRKASVIRTA,
        QINGQUAN,
        (KIRKASVIRTA, QINGQUAN),
        "Compact treatment plants for two Rizhao villages",
        ("negotiation",),
        "",
        "posintra",
    ),
    (
        NORRTRA,
        LINHAI,
        (NORRTRA, LINHAI),
        "CLT forest cabins for the National Forest Park",
        ("negotiation",),
        "",
        "vasteras",
    ),
    (
        KIRKASVIRTA,
        RIZHAO,
        (KIRKASVIRTA, RIZHAO),
        "Rural waste-water programme of Rizhao",
        (),
        "",
        "posintra",
    ),
    (
        VILJAVA,
        "Weifang Jinhe Foods Co., Ltd.",
        (VILJAVA, "Weifang Jinhe Foods Co., Ltd."),
        "Freezing line and cold store",
        (),
        "",
        "posintra",
    ),
    (
        LUFTKOLL,
        "Weifang High-Tech Zone Administrative Committee",
        (LUFTKOLL, "Weifang High-Tech Zone Administrative Committee"),
        "Contract manufacturing of sensor boards",
        ("negotiation",),
        "",
        "vasteras",
    ),
    (
        VARMEFLODE,
        "Weifang Food Valley Administration",
        (VARMEFLODE, "Weifang Food Valley Administration"),
        "Waste-heat recovery in Food Valley plants",
        ("lost",),
        "The processors chose a domestic supplier at a third of the price.",
        "vasteras",
    ),
)

# (lead title, next step, due, owner).
NEXT_STEPS: tuple[tuple[str, str, dt.date, str], ...] = (
    (
        "Compact treatment plants for two Rizhao villages",
        "Send the pilot offer for the two villages",
        D(2027, 4, 15),
        "posintra",
    ),
    (
        "Compact treatment plants for two Rizhao villages",
        "Video call with Qingquan's chief engineer on remote monitoring",
        D(2027, 4, 2),
        "aqua",
    ),
    (
        "CLT forest cabins for the National Forest Park",
        "Cost estimate for 40 cabins to Linhai",
        D(2027, 4, 30),
        "vasteras",
    ),
    (
        "Koivu seat shells made in Zhucheng",
        "First production batch inspected in Zhucheng",
        D(2027, 6, 1),
        "posintra",
    ),
    (
        "Rural waste-water programme of Rizhao",
        "Ask the city for the villages' population figures",
        D(2027, 3, 31),
        "posintra",
    ),
)

AGREEMENT_DESCRIPTION = (
    "Hengmu produces the Koivu chair's birch seat shells for Istuin's contract range and "
    "distributes Istuin designs in China; three-year term, first batch in June 2027."
)


def agreement_pdf() -> bytes:
    """The signed agreement as a one-page PDF (text only; names as in the demo)."""
    lines = [
        "Cooperation agreement (subcontracting)",
        "Istuin Design Oy, Lahti, Finland",
        "Zhucheng Hengmu Seating Co., Ltd., Zhucheng, China",
        "Signed in Zhucheng on 17 March 2027 (fictional demo document)",
    ]
    text = "BT /F1 12 Tf 72 720 Td 16 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    stream = text.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def load_followup(summary: Any, mission: Mission, users: dict[str, Any]) -> None:
    """Outcomes, feedback, leads, next steps, the agreement and the check-ins of the demo
    ``mission``; ``summary`` (a ``DemoSummary``) counts them."""
    organisations = {org.name: org for org in Organisation.objects.all()}
    meetings = {
        (m.request.requester.name, m.request.counterpart.name): m
        for m in ScheduledMeeting.objects.filter(
            schedule__mission=mission, schedule__status=Schedule.Status.PUBLISHED
        ).select_related("request__requester", "request__counterpart", "schedule__mission", "day")
    }
    not_held = {(requester, counterpart) for requester, counterpart, _note in NOT_HELD}
    for pair, meeting in meetings.items():
        note = next((n for r, c, n in NOT_HELD if (r, c) == pair), "")
        domain.record_outcome(actor=None, meeting=meeting, held=pair not in not_held, note=note)
        # Recorded by the adviser that evening, not on the day the demo is loaded.
        MeetingOutcome.objects.filter(meeting=meeting).update(
            recorded_at=data.on_trip(meeting.day.date, dt.time(18, 30))
        )
        summary.counts["meeting outcome"] += 1
    for requester, counterpart, side, rating, more, notes in FEEDBACK:
        meeting = meetings.get((requester, counterpart))
        if meeting is None:
            continue  # the scheduler left this request out
        domain.give_feedback(
            actor=None,
            meeting=meeting,
            organisation=organisations[side],
            rating=rating,
            wants_to_continue=more,
            notes=notes,
        )
        given = data.on_trip(meeting.day.date, dt.time(20, 0))
        MeetingFeedback.objects.filter(meeting=meeting, organisation=organisations[side]).update(
            created_at=given, updated_at=given
        )
        summary.counts["meeting feedback"] += 1
    leads = {}
    for company, counterpart, source, title, stages, reason, owner in LEADS:
        lead = Lead.objects.filter(
            programme=mission.programme, company=organisations[company], title=title
        ).first()
        if lead is None:
            lead = domain.record_lead(
                actor=users[owner],
                company=organisations[company],
                counterpart=organisations[counterpart],
                title=title,
                mission=mission,
                source_meeting=meetings.get(source),
                owner=users[owner],
            )
            for stage in stages:
                lead = domain.move_lead(
                    actor=users[owner],
                    lead=lead,
                    stage=stage,
                    reason=reason if stage == "lost" else "",
                )
            _dated_as_in_the_story(lead)
            summary.created["lead"] += 1
        summary.counts["lead"] += 1
        leads[title] = lead
    _load_agreement(summary, mission, organisations, leads, users)
    for title, text, due, owner in NEXT_STEPS:
        lead = Lead.objects.get(pk=leads[title].pk)
        if not NextStep.objects.filter(lead=lead, text=text).exists():
            domain.add_next_step(
                actor=users[lead.owner.username],
                lead=lead,
                text=text,
                due_on=due,
                owner=users[owner],
            )
        # Added when the lead reached its stage, a few minutes after.
        NextStep.objects.filter(lead=lead, text=text).update(
            created_at=lead.stage_changed_at + dt.timedelta(minutes=5)
        )
        summary.counts["next step"] += 1
    domain.schedule_check_ins(actor=None, mission=mission)
    summary.counts["check-in"] += mission.check_ins.count()


def _dated_as_in_the_story(lead: Lead) -> None:
    """Recorded by the adviser on the evening of its meeting, as in the story, not on the
    day the demo happens to be loaded; each later stage one evening later (at the latest
    on the demo's day). A lead whose agreement was signed moved on that evening: its
    steps follow the meeting within the hour, and it reached "agreement" when the
    agreement was recorded."""
    day = lead.source_meeting.day.date if lead.source_meeting else data.MISSION_END
    # In the order they were made (the one made during loading carries today's clock).
    changes = list(lead.stage_changes.order_by("pk"))
    signed = [c.event == LeadStageChange.Event.AGREEMENT_SIGNED for c in changes]
    if any(signed):
        end = lead.source_meeting.ends_at if lead.source_meeting else data.AGREEMENT_RECORDED_AT
        moments = [
            data.AGREEMENT_RECORDED_AT if is_signed else end + dt.timedelta(minutes=30 * (n + 1))
            for n, is_signed in enumerate(signed)
        ]
    else:
        moments = [
            data.on_trip(min(day + dt.timedelta(days=n), data.DEMO_DAY), dt.time(19, 0))
            for n in range(len(changes))
        ]
    for change, moment in zip(changes, moments, strict=True):
        LeadStageChange.objects.filter(pk=change.pk).update(changed_at=moment)
    Lead.objects.filter(pk=lead.pk).update(created_at=moments[0], stage_changed_at=moments[-1])


def _load_agreement(summary, mission, organisations, leads, users) -> None:
    lead = leads["Koivu seat shells made in Zhucheng"]
    agreement = Agreement.objects.filter(
        programme=mission.programme,
        company=organisations[ISTUIN],
        partner=organisations[HENGMU],
        kind=Agreement.Kind.SUBCONTRACTING,
    ).first()
    if agreement is None:
        agreement = domain.record_agreement(
            actor=users["posintra"],
            kind=Agreement.Kind.SUBCONTRACTING,
            company=organisations[ISTUIN],
            partner=organisations[HENGMU],
            signed_on=data.AGREEMENT_SIGNED_ON,
            description=AGREEMENT_DESCRIPTION,
            lead=lead,
            files=[(io.BytesIO(agreement_pdf()), "istuin-hengmu-cooperation-agreement.pdf")],
            today=data.DEMO_DAY,
        )
        summary.created["agreement"] += 1
    elif not agreement.evidence.exists():
        domain.add_evidence(
            actor=users["posintra"],
            agreement=agreement,
            file=io.BytesIO(agreement_pdf()),
            name="istuin-hengmu-cooperation-agreement.pdf",
        )
    if not agreement.is_confirmed:
        domain.confirm_agreement(actor=users["posintra"], agreement=agreement)
    # Recorded with the signed copy in Zhucheng, confirmed at the office after the trip.
    Agreement.objects.filter(pk=agreement.pk).update(
        created_at=data.AGREEMENT_RECORDED_AT, confirmed_at=data.AGREEMENT_CONFIRMED_AT
    )
    AgreementEvidence.objects.filter(agreement=agreement).update(
        uploaded_at=data.AGREEMENT_RECORDED_AT
    )
    _dated_as_in_the_story(Lead.objects.get(pk=lead.pk))
    summary.counts["agreement"] += 1
