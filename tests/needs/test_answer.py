"""An answered need names the company that answered it and the outcome; the need's page
reads need first, answer, facts, companies, and the status form last."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sme2go.needs.domain import record_answer
from sme2go.needs.models import Need
from tests.pagetext import page_text

OUTCOME = "Cooperation agreement signed on 17 March."


def detail(need: Need) -> str:
    return reverse("needs:detail", kwargs={"need_pk": need.pk})


def test_recording_an_answer_marks_the_need_answered(programme_a):
    need = record_answer(
        actor=programme_a.operator_user,
        need=programme_a.need,
        company=programme_a.company,
        outcome=f"  {OUTCOME} ",
    )
    need.refresh_from_db()
    assert (need.status, need.answered_by, need.answer) == (
        Need.Status.ANSWERED,
        programme_a.company,
        OUTCOME,
    )


def test_an_answer_needs_an_outcome_and_a_company_of_the_programme(programme_a, programme_b):
    with pytest.raises(ValidationError) as blank:
        record_answer(
            actor=programme_a.operator_user,
            need=programme_a.need,
            company=programme_a.company,
            outcome=" ",
        )
    assert blank.value.message_dict == {"answer": ["Say what the company's answer achieved."]}
    with pytest.raises(ValidationError) as outsider:
        record_answer(
            actor=programme_a.operator_user,
            need=programme_a.need,
            company=programme_b.company,
            outcome=OUTCOME,
        )
    assert outsider.value.message_dict == {
        "answered_by": ["This company is not enrolled in the programme."]
    }
    with pytest.raises(ValidationError) as host:
        record_answer(
            actor=programme_a.operator_user,
            need=programme_a.need,
            company=programme_a.host,
            outcome=OUTCOME,
        )
    assert host.value.message_dict["answered_by"] == ["A need is answered by a company."]
    need = Need.objects.get(pk=programme_a.need.pk)
    assert (need.status, need.answered_by, need.answer) == ("open", None, "")


def test_only_those_who_may_change_the_need_record_its_answer(programme_a, programme_b):
    with pytest.raises(PermissionDenied):
        record_answer(
            actor=programme_b.operator_user,
            need=programme_a.need,
            company=programme_a.company,
            outcome=OUTCOME,
        )


def test_the_answered_need_says_who_answered_it_and_with_what(programme_a, client_for):
    record_answer(actor=None, need=programme_a.need, company=programme_a.company, outcome=OUTCOME)
    response = client_for(programme_a.operator_user).get(detail(programme_a.need))
    text = page_text(response)

    assert (
        f"Need a Answered Answered Answered by Company a. Company profile {OUTCOME} Description"
    ) in text
    assert f'<a href="/companies/{programme_a.company.pk}/">' in response.content.decode()


def test_an_answered_need_without_an_answer_says_how_to_record_it(programme_a, client_for):
    Need.objects.filter(pk=programme_a.need.pk).update(status=Need.Status.ANSWERED)
    text = page_text(client_for(programme_a.operator_user).get(detail(programme_a.need)))
    assert (
        "Who answered this need, and with what, is not recorded yet. Edit the need to name the "
        "company and the outcome."
    ) in text


def test_the_need_comes_before_the_status_form(programme_a, client_for):
    programme_a.need.description = "Sludge from the eastern plant must be dried."
    programme_a.need.save()
    text = page_text(client_for(programme_a.operator_user).get(detail(programme_a.need)))
    order = [
        text.index("Description Sludge from the eastern plant must be dried."),
        text.index("Who said it, when, where"),
        text.index("Suitable companies"),
        text.index("Manage this need Edit Status"),
    ]
    assert order == sorted(order)


def test_operators_edit_the_answer_on_the_need_form(programme_a, client_for):
    client = client_for(programme_a.operator_user)
    url = reverse("needs:edit", kwargs={"need_pk": programme_a.need.pk})
    form = client.get(url).context["form"]
    assert list(form.fields["answered_by"].queryset) == [programme_a.company]
    host_form = client_for(programme_a.host_user).get(url).context["form"]
    assert "answered_by" not in host_form.fields and "answer" not in host_form.fields
