"""The catalogue's reference lists: kinds of offer, pillars, location types, initiative goals, partner roles
and cost bands. Labels live in data/vocabularies.csv, never in code."""

from django.db import migrations


def load(apps, schema_editor):
    from innovet.catalogue.reference import load_reference_lists

    load_reference_lists(apps.get_model("taxonomy", "Vocabulary"), apps.get_model("taxonomy", "Term"))


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial"), ("taxonomy", "0002_load_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
