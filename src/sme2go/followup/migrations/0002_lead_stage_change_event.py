"""Lead history: a stage change the system made is an event with parameters, put into
words in the reader's language. Rows written before kept the sentence in the language of
whoever recorded the agreement ("Agreement signed on 17 March 2027", "Sopimus…"); those
that match the sentence in one of the site's languages for one of the lead's agreements
become the event, and other notes stay as they are."""

from django.conf import settings
from django.db import migrations, models
from django.utils import translation
from django.utils.formats import date_format

SENTENCE = "Agreement signed on %(date)s"


def sentences_to_events(apps, schema_editor):
    LeadStageChange = apps.get_model("followup", "LeadStageChange")
    Agreement = apps.get_model("followup", "Agreement")
    changes = LeadStageChange.objects.filter(to_stage="agreement", event="").exclude(note="")
    for change in changes.iterator():
        dates = set(
            Agreement.objects.filter(lead_id=change.lead_id).values_list("signed_on", flat=True)
        )
        for signed_on in dates:
            written = set()
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    written.add(
                        translation.gettext(SENTENCE)
                        % {"date": date_format(signed_on, "DATE_FORMAT")}
                    )
            if change.note in written:
                change.event = "agreement_signed"
                change.event_params = {"date": signed_on.isoformat()}
                change.note = ""
                change.save(update_fields=["event", "event_params", "note"])
                break


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="leadstagechange",
            name="event",
            field=models.CharField(
                blank=True,
                choices=[("agreement_signed", "agreement signed")],
                max_length=32,
                verbose_name="event",
            ),
        ),
        migrations.AddField(
            model_name="leadstagechange",
            name="event_params",
            field=models.JSONField(blank=True, default=dict, verbose_name="event parameters"),
        ),
        migrations.RunPython(sentences_to_events, migrations.RunPython.noop),
    ]
