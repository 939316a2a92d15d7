from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("agendas", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="calendarfeed", old_name="token_hash", new_name="digest"),
    ]
