"""Dossiers: only companies with consent appear, refused attempts are logged, versions
are snapshots with their hash, hosts see only what was sent to them, the PDF's text."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from sme2go.dossiers import content, domain
from sme2go.dossiers.models import DossierShare, DossierVersion, RefusedShare
from sme2go.organisations.models import Organisation
from tests.factories import enrol, make_organisation, make_user

pytestmark = pytest.mark.django_db


def send(dw, companies=None, **extra):
    return domain.share_dossier(
        dossier=dw.dossier,
        companies=companies if companies is not None else [dw.consenting.pk],
        basis="Promised at the meeting of 16 March.",
        actor=dw.world.operator_user,
        **extra,
    )


def test_only_companies_with_consent_appear(dw):
    draft = content.build(dw.dossier)
    assert draft.company_ids == [dw.consenting.pk]
    assert [(left.need, left.company) for left in draft.left_out] == [(dw.world.need, dw.refusing)]
    assert set(draft.content["companies"]) == {str(dw.consenting.pk)}
    assert [fit["company"] for fit in draft.content["needs"][0]["fits"]] == [dw.consenting.pk]


def test_the_operator_page_shows_the_gap_the_host_page_never(dw, client_for):
    w = dw.world
    page = client_for(w.operator_user).get(
        reverse("dossiers:detail", kwargs={"dossier_pk": dw.dossier.pk})
    )
    html = page.content.decode()
    assert "Not included: no consent" in html
    assert "Refusing a</a> — Need a: not included: no consent" in html
    version = send(dw).version
    host_html = (
        client_for(w.host_user)
        .get(reverse("dossiers:version", kwargs={"dossierversion_pk": version.pk}))
        .content.decode()
    )
    assert "Company a" in host_html
    assert "Refusing a" not in host_html
    assert "no consent" not in host_html


def test_sending_a_company_without_consent_is_refused_and_logged(dw, client_for):
    w = dw.world
    with pytest.raises(ValidationError) as error:
        send(dw, companies=[dw.consenting.pk, dw.refusing.pk])
    assert error.value.message_dict == {
        "companies": [
            "Not sent: Refusing a has not consented to sharing its profile with Host a. "
            "Nothing was sent, and the attempt is logged."
        ]
    }
    # Nothing half-saved: no version, no share; the attempt is recorded.
    assert not DossierVersion.objects.exists()
    assert not DossierShare.objects.exists()
    refusal = RefusedShare.objects.get()
    assert (refusal.company, refusal.dossier, refusal.attempted_by) == (
        dw.refusing,
        dw.dossier,
        w.operator_user,
    )
    # The company sees the attempt; so do the operators on the dossier page.
    company_page = client_for(dw.refusing_user).get(
        reverse("dossiers:company", kwargs={"organisation_pk": dw.refusing.pk})
    )
    assert "Refused attempts" in company_page.content.decode()
    assert "→ Host a" in company_page.content.decode()
    operator_page = client_for(w.operator_user).get(
        reverse("dossiers:detail", kwargs={"dossier_pk": dw.dossier.pk})
    )
    assert "Refusing a was not sent (no consent)." in operator_page.content.decode()


def test_the_refusal_through_the_page_shows_the_message(dw, client_for):
    response = client_for(dw.world.operator_user).post(
        reverse("dossiers:share", kwargs={"dossier_pk": dw.dossier.pk}),
        {"companies": [dw.refusing.pk], "basis": "Promised."},
    )
    assert response.status_code == 200
    assert "Not sent: Refusing a has not consented" in response.content.decode()
    assert RefusedShare.objects.count() == 1
    assert not DossierShare.objects.exists()


def test_a_share_logs_who_sent_which_version_to_whom_on_which_basis(dw, client_for):
    w = dw.world
    share = send(dw, recipient_user=w.host_user)
    version = share.version
    assert (version.number, share.recipient, share.recipient_user, share.sent_by) == (
        1,
        w.host,
        w.host_user,
        w.operator_user,
    )
    assert share.basis == "Promised at the meeting of 16 March."
    canonical = json.dumps(
        version.content, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert version.digest == hashlib.sha256(canonical.encode()).hexdigest()
    assert list(version.companies.all()) == [dw.consenting]
    # The company sees the entry on its own page.
    html = (
        client_for(w.company_user)
        .get(reverse("dossiers:company", kwargs={"organisation_pk": w.company.pk}))
        .content.decode()
    )
    assert "Promised at the meeting of 16 March." in html
    assert f"{version.digest[:12]}" in html
    assert "Host a · " in html


def test_the_same_content_is_the_same_version_a_change_makes_the_next(dw):
    first = send(dw).version
    again = send(dw).version
    assert again == first
    dw.world.profile.offering = "Now also sludge drying."
    dw.world.profile.save()
    second = send(dw).version
    assert second.number == 2
    assert second.digest != first.digest
    # The first version keeps what was sent.
    first.refresh_from_db()
    offering = first.content["companies"][str(dw.consenting.pk)]["offering"]["texts"]["en"]
    assert offering == "Company a builds waste-water treatment plants."


def test_content_keeps_the_original_with_the_english_and_chinese_versions(dw):
    company = content.build(dw.dossier).content["companies"][str(dw.consenting.pk)]
    assert company["offering"] == {
        "original": "en",
        "texts": {
            "en": "Company a builds waste-water treatment plants.",
            "zh-hans": "我们为村庄建造污水处理厂。",
        },
    }
    assert company["contact"]["operator"]["texts"] == {"en": "Operator a"}
    shown = content.present(content.build(dw.dossier).content)
    offering = shown["needs"][0].fits[0].company["offering"]
    assert (offering.text, offering.language, offering.others) == (
        "Company a builds waste-water treatment plants.",
        "en",
        (("zh-hans", "我们为村庄建造污水处理厂。"),),
    )


def test_a_company_without_an_assessment_shows_no_readiness(dw, client_for):
    version = send(dw).version
    assert version.content["companies"][str(dw.consenting.pk)]["readiness"] is None
    html = (
        client_for(dw.world.host_user)
        .get(reverse("dossiers:version", kwargs={"dossierversion_pk": version.pk}))
        .content.decode()
    )
    assert "Export readiness" not in html


def test_hosts_see_only_dossiers_sent_to_them(dw, programme_b, client_for):
    w = dw.world
    other_host = make_organisation("Other host", Organisation.Kind.HOST)
    enrol(w.programme, other_host)
    other_user = make_user("other_host", other_host)
    version_url = reverse("dossiers:version", kwargs={"dossierversion_pk": 0})
    dossier_url = reverse("dossiers:detail", kwargs={"dossier_pk": dw.dossier.pk})
    host = client_for(w.host_user)
    # Prepared but not sent: the host does not see it.
    assert host.get(dossier_url).status_code == 404
    assert (
        "No dossier has been sent to you yet."
        in host.get(reverse("dossiers:list")).content.decode()
    )
    version = send(dw).version
    version_url = reverse("dossiers:version", kwargs={"dossierversion_pk": version.pk})
    pdf_url = reverse("dossiers:pdf", kwargs={"dossierversion_pk": version.pk})
    assert host.get(dossier_url).url == version_url
    assert host.get(version_url).status_code == 200
    assert "Need a" in host.get(reverse("dossiers:list")).content.decode()
    for outsider in (other_user, programme_b.host_user, programme_b.operator_user, w.company_user):
        client = client_for(outsider)
        for url in (dossier_url, version_url, pdf_url):
            assert client.get(url).status_code == 404, (outsider, url)
    assert "Need a" not in client_for(other_user).get(reverse("dossiers:list")).content.decode()


def test_a_withdrawn_consent_hides_the_company_from_the_host_from_then_on(dw, client_for):
    w = dw.world
    version = send(dw).version
    consent = w.company.sharing_consents.get()
    domain.withdraw_consent(consent=consent, actor=w.company_user)
    url = reverse("dossiers:version", kwargs={"dossierversion_pk": version.pk})
    host_html = client_for(w.host_user).get(url).content.decode()
    assert "Company a" not in host_html
    operator_html = client_for(w.operator_user).get(url).content.decode()
    assert "Company a" in operator_html and "consent withdrawn since" in operator_html


def test_only_operators_of_the_programme_prepare_and_send(dw, programme_b):
    w = dw.world
    for actor in (w.host_user, w.company_user, programme_b.operator_user):
        with pytest.raises(PermissionDenied):
            domain.prepare_dossier(need=w.need, actor=actor)
        with pytest.raises(PermissionDenied):
            domain.share_dossier(
                dossier=dw.dossier, companies=[dw.consenting.pk], basis="x", actor=actor
            )
    assert not DossierShare.objects.exists()


def test_bad_share_input_names_what_is_wrong(dw):
    with pytest.raises(ValidationError) as error:
        domain.share_dossier(
            dossier=dw.dossier,
            companies=[],
            basis=" ",
            recipient_user=dw.refusing_user,
            actor=dw.world.operator_user,
        )
    assert error.value.message_dict == {
        "basis": ["Say on which basis the host receives the dossier."],
        "companies": ["Choose at least one company to send."],
        "recipient_user": ["refusing_a is not a user of Host a."],
    }
    assert not DossierVersion.objects.exists() and not RefusedShare.objects.exists()


def test_the_pdf_has_the_bilingual_labels_and_the_content(dw, client_for):
    from django.utils.translation import override

    from sme2go.dossiers.labels import LABELS

    version = send(dw).version
    response = client_for(dw.world.host_user).get(
        reverse("dossiers:pdf", kwargs={"dossierversion_pk": version.pk})
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        "".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(response.content)).pages
    )
    for key in ("dossier", "why", "contact", "references"):
        assert "".join(str(LABELS[key]).split()) in text
        with override("zh-hans"):
            assert "".join(str(LABELS[key]).split()) in text
    assert "测试接待单位" in text  # the host's Chinese name
    assert "农村污水处理" in text  # the need's Chinese title
    assert "我们为村庄建造污水处理厂。" in text  # the company's own Chinese version
    assert "Companyabuildswaste-watertreatmentplants." in text
    assert "Buildsexactlytheseplants." in text  # the adviser's reason
    # The label in English, then in Chinese where the catalogue has it, then the operator.
    contact = str(LABELS["contact_through"])
    with override("zh-hans"):
        contact_zh = str(LABELS["contact_through"])
    bilingual = contact + (contact_zh if contact_zh != contact else "")
    assert "".join(f"{bilingual}:Operator a".split()) in text
    assert "Advisera,Programmemanager·adviser_a@example.org" in text
    assert "Villageplant,Pyhtää(Pyhtää,2023):Replaced120septictanks." in text
    assert "Refusinga" not in text
    assert version.digest[:12] in text


def test_an_assessed_company_shows_its_readiness_band(dw, client_for):
    from sme2go.readiness.presentation import BAND_LABELS

    snapshot = dw.world.assessment.snapshots.get()  # the world's submitted assessment
    assert snapshot.band == ""  # one answer: too little data for a band
    unscored = send(dw).version
    url = reverse("dossiers:version", kwargs={"dossierversion_pk": unscored.pk})
    assert "Export readiness" not in client_for(dw.world.host_user).get(url).content.decode()
    snapshot.band, snapshot.overall = "ready_with_gaps", 72.0
    snapshot.save()
    version = send(dw).version
    stored = version.content["companies"][str(dw.consenting.pk)]["readiness"]
    assert stored["band"] == snapshot.band
    html = (
        client_for(dw.world.host_user)
        .get(reverse("dossiers:version", kwargs={"dossierversion_pk": version.pk}))
        .content.decode()
    )
    assert "Export readiness" in html
    assert f"{BAND_LABELS['ready_with_gaps']}</span>" in html
    assert "· 72/100 ·" in html


def test_the_need_page_links_its_dossiers_for_operators_only(dw, client_for):
    w = dw.world
    url = reverse("needs:detail", kwargs={"need_pk": w.need.pk})
    html = client_for(w.operator_user).get(url).content.decode()
    assert reverse("dossiers:detail", kwargs={"dossier_pk": dw.dossier.pk}) in html
    assert "Host dossier" not in client_for(w.host_user).get(url).content.decode()
