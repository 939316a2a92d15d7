"""The engine's calibrated fit level on each proposal.

Proposals ranked before this migration get "possible", so they stay listed as before
until the next ranking writes their real level; new rows default to "weak".
"""

from django.db import migrations, models

FIT_CHOICES = [("strong", "Strong fit"), ("possible", "Possible fit"), ("weak", "Weak fit")]


class Migration(migrations.Migration):
    dependencies = [
        ("matches", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="matchproposal",
            name="fit",
            field=models.CharField(
                choices=FIT_CHOICES, default="possible", max_length=8, verbose_name="fit"
            ),
        ),
        migrations.AlterField(
            model_name="matchproposal",
            name="fit",
            field=models.CharField(
                choices=FIT_CHOICES, default="weak", max_length=8, verbose_name="fit"
            ),
        ),
    ]
