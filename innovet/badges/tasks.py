from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def evaluate_for_person_task(person_id):
    """After a participation is recorded: that person's rules only (cheap, runs at once)."""
    from django.contrib.auth import get_user_model

    from .rules_engine import evaluate_all

    person = get_user_model().objects.filter(pk=person_id).first()
    return evaluate_all(person=person) if person is not None else 0


@db_task()
def evaluate_rule_task(rule_pk):
    from .models import AwardRule
    from .rules_engine import evaluate_rule

    rule = AwardRule.objects.select_related("achievement__issuer").filter(pk=rule_pk).first()
    return evaluate_rule(rule) if rule is not None else 0


@db_periodic_task(crontab(minute="15"))
def evaluate_all_rules():
    """Hourly sweep: catches what the hook cannot see (validated materials, rules added later, missed tasks)."""
    from .rules_engine import evaluate_all

    return evaluate_all()
