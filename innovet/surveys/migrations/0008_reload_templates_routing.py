"""Reload the study templates: questionnaire 2.1 routes only where the study or a question's own wording
requires it, each rule with its source (issue 12). Surveys already made from the template keep the routing
their respondents saw; an owner changes it in a new version."""

from django.db import migrations


def load(apps, schema_editor):
    from innovet.surveys.definition import store_templates

    store_templates(apps.get_model("surveys", "SurveyTemplate"))


class Migration(migrations.Migration):
    dependencies = [("surveys", "0007_response_funnel_index")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
