"""Questionnaire 2.1: 'Hoeveel collega’s zouden er dan kunnen deelnemen…' (collegas_betrokken) is an open
answer in the study, not a number. Reload the template, and turn the question into open text in every
survey made from it, keeping each number already given as its text (12 → "12", 2.5 → "2,5")."""

from decimal import Decimal

from django.db import migrations

TEMPLATE = "bijlage-2-1-open-vragen"


def _as_text(number):
    value = Decimal(str(number)).normalize()
    return f"{value:f}".replace(".", ",")


def forwards(apps, schema_editor):
    from innovet.surveys.definition import store_templates

    store_templates(apps.get_model("surveys", "SurveyTemplate"))
    Question = apps.get_model("surveys", "Question")
    Answer = apps.get_model("surveys", "Answer")
    questions = Question.objects.filter(key="collegas_betrokken", kind="getal", version__survey__template__key=TEMPLATE)
    question_ids = list(questions.values_list("pk", flat=True))
    if not question_ids:
        return
    batch = []
    for answer in Answer.objects.filter(question_id__in=question_ids, number__isnull=False).only("pk", "number"):
        answer.text, answer.number = _as_text(answer.number), None
        batch.append(answer)
    Answer.objects.bulk_update(batch, ["text", "number"], batch_size=1000)
    Question.objects.filter(pk__in=question_ids).update(kind="lang", min_value=None, max_value=None)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0008_reload_templates_routing")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
