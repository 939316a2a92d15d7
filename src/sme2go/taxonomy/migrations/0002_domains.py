from django.db import migrations

# Frozen copy of the keys at the time of this migration (labels live in the model module).
CODES = [
    "water", "waste", "energy", "mobility", "buildings", "food",
    "ict", "environment", "health", "safety", "governance", "education",
]


def create_domains(apps, schema_editor):
    Domain = apps.get_model("taxonomy", "Domain")
    for position, code in enumerate(CODES):
        Domain.objects.update_or_create(code=code, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(create_domains, migrations.RunPython.noop)]
