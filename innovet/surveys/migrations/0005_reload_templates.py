"""Reload the study templates: they now mark which questions feed the matchmaking (feeds_need)."""

from django.db import migrations


def load(apps, schema_editor):
    from innovet.surveys.definition import store_templates

    store_templates(apps.get_model("surveys", "SurveyTemplate"))


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_question_feeds_need")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
