"""Names of the scoring codes in the reader's language, and the charts of the result page.

The scoring functions speak in codes (``ready_with_gaps``, ``organisation_gap``,
``critical``); pages, the PDF and the CSV name them with these translatable labels. The
charts are SVG written on the server (no script, no CDN; the Content-Security-Policy
allows neither), with presentation attributes only, so they need no inline style.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

BAND_LABELS = {
    "not_yet_ready": _("Not yet ready"),
    "developing": _("Developing"),
    "ready_with_gaps": _("Ready with gaps"),
    "ready": _("Ready"),
}
VERDICT_LABELS = {
    **BAND_LABELS,
    "knock_out": _("Knock-out: a showstopper overrides the score"),
    "insufficient_data": _("Insufficient data"),
    "blocked": _("Blocked: critical items open"),
    "clear": _("No critical item open"),
}
QUADRANT_LABELS = {
    "ready": _("Ready on both axes"),
    "organisation_gap": _("Offering ready, organisation gap"),
    "offering_gap": _("Organisation ready, offering gap"),
    "not_ready": _("Not ready on either axis"),
}
CRITICALITY_LABELS = {
    "critical": _("Critical"),
    "high": _("High"),
    "normal": _("Normal"),
}
BAND_COLOURS = {
    "not_yet_ready": "#c0392b",
    "developing": "#d68910",
    "ready_with_gaps": "#2874a6",
    "ready": "#1e8449",
}


def band_label(code: str | None) -> str:
    return str(BAND_LABELS.get(code or "", _("Not scored")))


def verdict_label(code: str | None) -> str:
    return str(VERDICT_LABELS.get(code or "", _("Not scored")))


@dataclass(frozen=True)
class Bar:
    """One horizontal bar of the dimension profile (coordinates in SVG user units)."""

    label: str
    score: float | None
    y: int
    width: float
    colour: str
    weakest: bool

    @property
    def rect_y(self) -> int:
        return self.y + 5

    @property
    def text_y(self) -> int:
        return self.y + 17

    @property
    def value_x(self) -> float:
        return PROFILE_LEFT + self.width + 6


PROFILE_WIDTH = 300  # the bar length of a score of 100
PROFILE_LEFT = 310  # where the bars start (the labels are to their left)
PROFILE_ROW = 26
#: x of the band cut lines (40, 60, 80) in the profile chart.
PROFILE_CUTS = tuple(PROFILE_LEFT + cut * PROFILE_WIDTH / 100 for cut in (40, 60, 80))


def profile_bars(dimensions: list[dict], titles: dict[str, str], weakest: set[str]) -> list[Bar]:
    """The bars of the dimension profile, one per dimension in bank order."""
    bars = []
    for row, dimension in enumerate(d for d in dimensions if d["status"] != "not_applicable"):
        score = dimension["score"]
        bars.append(
            Bar(
                label=titles.get(dimension["id"], dimension["id"]),
                score=score,
                y=row * PROFILE_ROW,
                width=(score or 0) * PROFILE_WIDTH / 100,
                colour=BAND_COLOURS.get(_band_of(score), "#999"),
                weakest=dimension["id"] in weakest,
            )
        )
    return bars


def _band_of(score: float | None) -> str:
    from sme2go.readiness.scoring import band_for

    return band_for(score) or ""


QUADRANT_SIZE = 200


def quadrant_point(
    organisation: float | None, offering: float | None
) -> tuple[float, float] | None:
    """The company's point in the 2×2 (x = organisation, y = offering, origin bottom-left
    as drawn), or ``None`` when an axis has insufficient data."""
    if organisation is None or offering is None:
        return None
    return (
        organisation * QUADRANT_SIZE / 100,
        QUADRANT_SIZE - offering * QUADRANT_SIZE / 100,
    )
