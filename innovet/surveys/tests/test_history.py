"""The survey overview tells its history in lines a person can read: repeats are counted, not listed."""

import pytest

from innovet.core.audit import log_action

pytestmark = pytest.mark.django_db


def test_survey_history_groups_repeated_actions(client, owner, survey_open):
    for _ in range(30):
        log_action(survey_open, "surveys.survey.changed", owner, {"fields": ["title"]})
    client.force_login(owner)
    response = client.get(survey_open.get_absolute_url())
    assert response.status_code == 200
    history = response.context["history"]
    changed = [entry for entry in history if entry.action == "surveys.survey.changed"]
    assert len(changed) == 1 and changed[0].n == 30
    page = response.content.decode()
    assert page.count("instellingen van de bevraging gewijzigd") == 1
    assert "30 keer, sinds" in page
