import pytest
from django.urls import reverse

from .helpers import answer_directly


@pytest.mark.django_db
def test_nul_byte_in_the_open_answers_search_is_refused(survey_closed_q, owner, client):
    answer_directly(
        survey_closed_q,
        {f"q_contact_onderwijs__{r}": "vaak" for r in ["leerlingen", "leerkrachten", "directie", "pbd", "rtc"]}
        | {"q_contact_verloop": "relatief_moeilijk", "q_contact_waarom": "Weinig tijd"},
    )
    client.force_login(owner)
    url = reverse("surveys:open_answers", args=[survey_closed_q.slug])
    response = client.get(url, {"vraag": "contact_waarom", "q": "tijd\x00"})
    assert response.status_code == 400
    assert "NUL-byte" in response.content.decode()
    assert len(client.get(url, {"vraag": "contact_waarom", "q": "tijd"}).context["page"]) == 1
