"""The servers' PDF warm-up loads what an agenda PDF needs, in a background thread."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from sme2go.agendas.exports import warm_pdf
from sme2go.demo.server import start_pdf_warm_up

pytestmark = pytest.mark.django_db


def font_families(content: bytes) -> set[str]:
    """The embedded fonts' names without their subset prefix ("ABCDEF+DejaVuSans")."""
    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_the_warm_up_loads_every_font_an_agenda_in_chinese_uses(trip, client_for):
    world = trip.world
    client = client_for(world.company_user)
    client.cookies["django_language"] = "zh-hans"
    url = reverse(
        "agendas:pdf", kwargs={"mission_pk": world.mission.pk, "organisation_pk": world.company.pk}
    )
    # The locale middleware leaves the language active in this thread; restore it after.
    with translation.override("zh-hans"):
        agenda_fonts = font_families(client.get(url).content)
    assert {"DejaVu-Sans", "DejaVu-Sans-Bold", "Noto-Sans-CJK-SC"} <= agenda_fonts
    # Every font the agenda embeds was already opened by the warm-up.
    assert agenda_fonts - font_families(warm_pdf()) == set()


def test_the_warm_up_runs_in_a_thread_that_does_not_hold_the_server():
    thread = start_pdf_warm_up()
    assert (thread.name, thread.daemon) == ("sme2go-pdf-warm-up", True)
    thread.join(timeout=120)
    assert not thread.is_alive()
