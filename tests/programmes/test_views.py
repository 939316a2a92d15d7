"""Programme pages: list, detail, create/edit and enrolments, per role."""

import re

import pytest
from django.urls import reverse

from sme2go.programmes.models import Enrolment, Programme
from tests.factories import make_organisation, make_programme

pytestmark = pytest.mark.django_db


def detail_url(programme):
    return reverse("programmes:detail", kwargs={"programme_pk": programme.pk})


def listed(response):
    table = response.content.decode().split("<tbody>")[1]
    return re.findall(r'<a href="/programmes/\d+/">([^<]+)</a>', table)


def test_operator_lists_its_programmes_with_counts(programme_a, programme_b, client_for):
    response = client_for(programme_a.operator_user).get(reverse("programmes:list"))
    html = response.content.decode()
    assert listed(response) == ["Programme a"]
    assert "<td>Interreg</td>" in html
    assert "<td>01/01/2026 – 31/12/2027</td>" in html
    assert '<td class="optional">Operator a</td>' in html
    assert "<td>1</td>" in html  # one company
    assert 'href="/programmes/new/"' in html


def test_programme_search(programme_a, client_for):
    make_programme("Baltic Food", [programme_a.operator])
    client = client_for(programme_a.operator_user)
    assert listed(client.get(reverse("programmes:list") + "?q=food")) == ["Baltic Food"]
    assert listed(client.get(reverse("programmes:list"))) == ["Baltic Food", "Programme a"]


def test_programme_page_shows_partners_enrolments_and_missions(programme_a, client_for):
    html = client_for(programme_a.operator_user).get(detail_url(programme_a.programme)).content
    html = html.decode()
    assert "<h1>Programme a</h1>" in html
    assert f'<a href="/organisations/{programme_a.operator.pk}/">Operator a</a>' in html
    assert '<h2>Company (SME) <span class="muted">(1)</span></h2>' in html
    assert '<h2>Host organisation <span class="muted">(1)</span></h2>' in html
    assert f'<a href="/companies/{programme_a.company.pk}/">Company a</a>' in html
    assert f'<a href="/organisations/{programme_a.host.pk}/">Host a</a>' in html
    assert "<td>Operator a</td>" in html  # recruited by
    assert f'<a href="/missions/{programme_a.mission.pk}/">Mission a</a>' in html
    assert f'href="/programmes/{programme_a.programme.pk}/enrol/"' in html


def test_company_user_sees_the_programme_but_cannot_edit(programme_a, client_for):
    client = client_for(programme_a.company_user)
    html = client.get(detail_url(programme_a.programme)).content.decode()
    assert "<h1>Programme a</h1>" in html
    assert "/enrol/" not in html
    edit = reverse("programmes:edit", kwargs={"programme_pk": programme_a.programme.pk})
    assert client.get(edit).status_code == 403
    assert client.get(reverse("programmes:create")).status_code == 403


def test_another_programme_is_not_found(programme_a, programme_b, client_for):
    client = client_for(programme_a.operator_user)
    pk = programme_b.programme.pk
    assert client.get(detail_url(programme_b.programme)).status_code == 404
    assert client.get(reverse("programmes:edit", kwargs={"programme_pk": pk})).status_code == 404
    assert client.get(reverse("programmes:enrol", kwargs={"programme_pk": pk})).status_code == 404
    url = reverse("programmes:enrolment_edit", kwargs={"enrolment_pk": programme_b.enrolment.pk})
    assert client.get(url).status_code == 404


def test_operator_creates_and_edits_a_programme(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    response = client.post(
        reverse("programmes:create"),
        {
            "name": "SME2GO",
            "funder": "Interreg Central Baltic",
            "start_date": "2026-01-01",
            "end_date": "2028-12-31",
            "partners": [programme_a.operator.pk],
        },
    )
    programme = Programme.objects.get(name="SME2GO")
    assert response["Location"] == detail_url(programme)
    response = client.post(
        reverse("programmes:edit", kwargs={"programme_pk": programme.pk}),
        {
            "name": "SME2GO",
            "start_date": "2026-01-01",
            "end_date": "2025-12-31",
            "partners": [programme_a.operator.pk],
        },
    )
    assert response.context["form"].errors == {
        "end_date": ["The programme cannot end before it starts."]
    }
    programme.refresh_from_db()
    assert str(programme.end_date) == "2028-12-31"


def test_create_programme_without_own_organisation_is_refused_on_partners(programme_a, client_for):
    other = make_organisation("Other operator", "operator")
    response = client_for(programme_a.operator_user).post(
        reverse("programmes:create"),
        {"name": "X", "start_date": "2026-01-01", "end_date": "2026-12-31", "partners": [other.pk]},
    )
    assert response.context["form"].errors == {
        "partners": ["Your own organisation must be one of the partners."]
    }
    assert not Programme.objects.filter(name="X").exists()


def test_enrol_a_company_without_recruiter_is_refused_on_the_field(
    programme_a, programme_b, client_for
):
    # Operator a also partners programme b, so it sees company b and may enrol it in a.
    programme_b.programme.partners.add(programme_a.operator)
    url = reverse("programmes:enrol", kwargs={"programme_pk": programme_a.programme.pk})
    client = client_for(programme_a.operator_user)
    form = client.get(url).context["form"]
    assert list(form.fields["organisation"].queryset) == [
        programme_b.company,
        programme_b.counterpart,
        programme_b.host,
    ]
    response = client.post(url, {"organisation": programme_b.company.pk, "recruited_by": ""})
    assert response.context["form"].errors == {
        "recruited_by": ["Name the operator that recruited this company."]
    }
    assert "Name the operator that recruited this company." in response.content.decode()
    assert not Enrolment.objects.filter(
        programme=programme_a.programme, organisation=programme_b.company
    ).exists()
    response = client.post(
        url, {"organisation": programme_b.company.pk, "recruited_by": programme_a.operator.pk}
    )
    assert response["Location"] == detail_url(programme_a.programme)
    enrolment = Enrolment.objects.get(
        programme=programme_a.programme, organisation=programme_b.company
    )
    assert enrolment.recruited_by == programme_a.operator


def test_withdraw_an_enrolment_from_the_programme_page(programme_a, client_for):
    url = reverse("programmes:enrolment_edit", kwargs={"enrolment_pk": programme_a.enrolment.pk})
    response = client_for(programme_a.operator_user).post(
        url, {"recruited_by": programme_a.operator.pk, "status": "withdrawn"}
    )
    assert response["Location"] == detail_url(programme_a.programme)
    programme_a.enrolment.refresh_from_db()
    assert programme_a.enrolment.status == "withdrawn"
    assert client_for(programme_a.company_user).get(url).status_code == 403
