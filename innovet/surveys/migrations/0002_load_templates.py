"""Load the study's two questionnaires (Bijlage 2.1 and 2.2) as survey templates from the app's YAML data."""

from django.db import migrations


def load(apps, schema_editor):
    from innovet.surveys.definition import template_definitions

    SurveyTemplate = apps.get_model("surveys", "SurveyTemplate")
    for data in template_definitions():
        SurveyTemplate.objects.update_or_create(
            key=data["key"],
            defaults={
                "title": data["title"],
                "source": data.get("source", ""),
                "description": data.get("description", ""),
                "definition": data,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
