"""Reload the study templates: the questionnaires now say 'je' like the rest of the platform (same questions,
same answer options; surveys made earlier keep their own copy)."""

from django.db import migrations


def load(apps, schema_editor):
    from innovet.surveys.definition import store_templates

    store_templates(apps.get_model("surveys", "SurveyTemplate"))


class Migration(migrations.Migration):
    dependencies = [("surveys", "0009_collegas_betrokken_open_text")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
