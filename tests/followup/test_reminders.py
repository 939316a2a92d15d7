"""Reminders: due check-ins and overdue next steps e-mailed once, in the recipient's
language, with a link to the form; the dashboard shows the same items."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from sme2go.followup import domain
from sme2go.followup.models import CheckIn, NextStep
from sme2go.followup.reminders import language_for, reminders_for, send_reminders
from sme2go.organisations.models import Organisation
from tests.factories import make_organisation, make_user
from tests.pagetext import page_text

JULY = dt.date(2026, 7, 1)


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_each_due_item_is_mailed_once_with_its_link(programme_a):
    world = programme_a
    step = world.nextstep  # due 1 April 2026, owned by the operator user
    sent = send_reminders(today=JULY, base_url="https://sme2go.example.org")
    assert (sent.scheduled, sent.check_ins, sent.next_steps, sent.failed) == (3, 1, 1, 0)
    three = CheckIn.objects.get(months=3)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == ["company_a@example.org", "operator_a@example.org"]
    check_in_mail = by_recipient["company_a@example.org"]
    assert f"https://sme2go.example.org/follow-up/check-ins/{three.pk}/" in check_in_mail.body
    step_mail = by_recipient["operator_a@example.org"]
    assert step_mail.subject == "Overdue next step (due 1 Apr 2026)"
    assert f"https://sme2go.example.org/follow-up/leads/{step.lead_id}/" in step_mail.body
    assert "Call back a" in step_mail.body
    assert CheckIn.objects.get(pk=three.pk).reminder_sent_at is not None
    assert NextStep.objects.get(pk=step.pk).reminder_sent_at is not None

    mail.outbox.clear()
    again = send_reminders(today=JULY, base_url="https://sme2go.example.org")
    assert (again.scheduled, again.check_ins, again.next_steps) == (0, 0, 0)
    assert mail.outbox == []
    # The six-month check-in comes due later, and goes out once.
    later = send_reminders(today=dt.date(2026, 9, 21), base_url="https://x.example.org")
    assert (later.check_ins, later.next_steps) == (1, 0)
    assert [m.to for m in mail.outbox] == [["company_a@example.org"]]


def test_a_new_due_date_allows_one_more_reminder(programme_a):
    world = programme_a
    step = world.nextstep
    send_reminders(today=JULY)
    domain.update_next_step(actor=world.operator_user, step=step, due_on=dt.date(2026, 8, 1))
    mail.outbox.clear()
    assert send_reminders(today=JULY).next_steps == 0
    assert send_reminders(today=dt.date(2026, 8, 2)).next_steps == 1


def test_mails_are_written_in_the_recipients_language(programme_a):
    world = programme_a
    assert language_for(world.company_user) == "fi"  # the company's home country, FI
    assert language_for(world.operator_user) == "en"  # an operator without a region
    send_reminders(today=JULY, base_url="https://sme2go.example.org")
    check_in_mail = next(m for m in mail.outbox if m.to == ["company_a@example.org"])
    # The mission's last day, written the Finnish way.
    assert "20. maaliskuuta 2026" in check_in_mail.body


def test_an_item_without_anyone_to_write_to_waits(programme_a):
    world = programme_a
    world.company_user.email = ""
    world.company_user.save()
    sent = send_reminders(today=JULY)
    assert sent.check_ins == 0
    assert CheckIn.objects.get(months=3).reminder_sent_at is None
    other = make_organisation("Nobody", Organisation.Kind.COMPANY)
    assert make_user("late", world.company).email == "late@example.org"
    assert other.pk
    assert send_reminders(today=JULY).check_ins == 1


def test_the_command_queues_the_job_and_sends(programme_a, capsys):
    assert programme_a.nextstep.pk
    call_command("send_reminders", "--site-url", "https://sme2go.example.org")
    # Tests run jobs at once (tests/conftest.py): the queued job has sent the mails, one
    # per check-in of the March 2026 mission due by today, and one for the step.
    assert "Reminders job queued" in capsys.readouterr().out
    due = CheckIn.objects.filter(reminder_sent_at__isnull=False).count()
    assert due == CheckIn.objects.filter(due_on__lte=dt.date.today()).count() >= 2
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["company_a@example.org"] * due + ["operator_a@example.org"]
    call_command("send_reminders", "--now")
    assert "reminders sent: 0 check-ins, 0 next steps" in capsys.readouterr().out


def test_the_dashboard_lists_the_same_items(programme_a, client_for):
    world = programme_a
    step = world.nextstep
    domain.schedule_check_ins(actor=None, mission=world.mission)
    items = reminders_for(world.operator_user, today=JULY)
    assert [s.pk for s in items.overdue_steps] == [step.pk]
    assert [c.months for c in items.due_check_ins] == [3]
    assert reminders_for(world.host_user, today=JULY).overdue_steps == []
    text = page_text(client_for(world.company_user).get("/"))
    assert "Check-ins due Company a: 3 months after the mission" in text
    assert "Overdue next steps" not in text  # the step is the operator's
    assert "Overdue next steps Call back a" in page_text(client_for(world.operator_user).get("/"))
