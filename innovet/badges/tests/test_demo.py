import io

import pytest
from django.core.management import call_command

from innovet.badges import rules_engine, verify
from innovet.badges.models import Achievement, Award


@pytest.mark.django_db
def test_demo_badges_of_two_rtcs_and_a_sector_are_awarded_from_demo_participation(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    issuers = set(Achievement.objects.values_list("issuer__kind", "issuer__name"))
    assert {kind for kind, _name in issuers} == {"rtc", "sector"}
    assert len({name for kind, name in issuers if kind == "rtc"}) == 2
    for achievement in Achievement.objects.all():
        assert achievement.awards.exists(), achievement
    placement = Award.objects.get(achievement__name="Bedrijfsstage met actieve rol")
    assert placement.recipient.email == "leerkracht@innovet.test"  # the visitor (TA) has none
    assert verify.verify_token(placement.credential_jwt).valid
    revoked = Award.objects.get(revoked_at__isnull=False)
    assert any("ingetrokken" in r for r in verify.verify_token(revoked.credential_jwt).reasons)
    n = Award.objects.count()
    assert rules_engine.evaluate_all() == 0  # the hourly sweep finds nothing left to award
    assert Award.objects.count() == n
