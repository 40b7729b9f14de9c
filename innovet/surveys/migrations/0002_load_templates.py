"""Load the study's two questionnaires (Bijlage 2.1 and 2.2) as survey templates from the app's YAML data."""

from django.db import migrations


def load(apps, schema_editor):
    from innovet.surveys.definition import store_templates

    store_templates(apps.get_model("surveys", "SurveyTemplate"))


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
