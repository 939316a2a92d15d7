"""A need written in Chinese finds an English profile, and the adviser's page says which
translated words matched, in a sentence of the reader's language."""

from __future__ import annotations

from django.urls import reverse

from sme2go.matches.domain import refresh_matches
from sme2go.matches.models import MatchProposal


def test_chinese_need_page_shows_the_translated_words(programme_a, client_for):
    w = programme_a
    w.need.title = "污水处理厂"
    w.need.description = "日照市需要小城镇污水处理厂。"
    w.need.save()
    refresh_matches(actor=None, programme_id=w.programme.pk)
    top = MatchProposal.objects.get(need=w.need, company=w.company)
    assert top.rank == 1
    assert top.reasons["translations"] == ["污水处理厂 → water treatment plant"]
    assert top.reasons["codes_only"] is False
    html = (
        client_for(w.operator_user)
        .get(reverse("matches:need", kwargs={"need_pk": w.need.pk}))
        .content.decode()
    )
    assert (
        "<li>The need and Company a’s profile say the same in different languages: "
        "“污水处理厂 → water treatment plant”.</li>" in html
    )
