"""Reload the study templates: they now mark which questions feed the matchmaking (feeds_need)."""

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
    dependencies = [("surveys", "0004_question_feeds_need")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
