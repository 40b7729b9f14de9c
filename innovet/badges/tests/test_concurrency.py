"""Awarding at once from several workers (the post-record hook, the hourly sweep, a manager's click):
one award per person and badge, one signing key per issuer, distinct status-list indexes."""

import pytest
from django.conf import settings

from innovet.badges import services
from innovet.badges.models import Award, IssuerKey, RuleKind
from tests.concurrency import run_together


@pytest.mark.django_db
def test_awarding_twice_in_a_row_keeps_one(achievement, rtc_manager, teacher):
    rule = services.add_rule(rtc_manager, achievement, {"kind": RuleKind.PARTICIPATION}, evaluate=False)
    assert services.award_by_rule(rule, teacher)[1] is True
    assert services.award_by_rule(rule, teacher)[1] is False
    assert Award.objects.filter(recipient=teacher).count() == 1


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="threads race for real on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_rule_evaluations_award_once(achievement, rtc_manager, teacher, make_user, school):
    rule = services.add_rule(rtc_manager, achievement, {"kind": RuleKind.PARTICIPATION}, evaluate=False)
    results, errors = run_together(lambda: services.award_by_rule(rule, teacher)[1], n=6)
    assert not errors, errors
    assert results.count(True) == 1 and Award.objects.filter(recipient=teacher).count() == 1
    # Different people at once: each gets their own status-list index, all signed with the one key.
    people = [make_user(org=school) for _ in range(6)]
    queue = list(people)
    results, errors = run_together(lambda: services.award_by_rule(rule, queue.pop())[0].status_index, n=6)
    assert not errors, errors
    assert len(set(results)) == 6
    assert IssuerKey.objects.filter(organisation=achievement.issuer).count() == 1
