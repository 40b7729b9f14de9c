"""Answer a survey through the real views, page by page."""

import re
import uuid

from django.urls import reverse

from innovet.surveys.models import Response

# The last page of Bijlage 2.1 (the event), answered without the optional 'why not'.
VISION = {
    "q_vet_week": "ja",
    "q_duur_evenement": "halve_dag",
    "q_collegas_niet_betrokken": "neen",
    "q_betalen": "nee",
    "q_sponsoren": "nee",
}


def start(client, survey):
    url = reverse("surveys:open_link", args=[survey.public_token])
    client.get(url)
    key = str(uuid.uuid4())
    resp = client.post(url, {"start_key": key})
    assert resp.status_code == 302, resp.content[:500]
    return Response.objects.get(start_key=key)


def current_form(client, response):
    page = client.get(reverse("surveys:resume", args=[response.resume_token]))
    html = page.content.decode()
    page_id = re.search(r'name="pagina" value="(\d+)"', html).group(1)
    return page, {"pagina": page_id, "versie": str(response.version_id)}


def submit(client, response, answers, action="volgende"):
    _page, data = current_form(client, response)
    data.update(answers)
    data["actie"] = action
    return client.post(reverse("surveys:resume", args=[response.resume_token]), data)


def answer_directly(survey, *pages):
    """Start a response and submit each dict as one page through the service (no HTTP)."""
    from django.http import QueryDict

    from innovet.surveys import services

    response = services.start_response(survey, start_key=uuid.uuid4())
    for answers in pages:
        response.refresh_from_db()
        page = response.version.pages.get(position=response.current_page)
        data = QueryDict(mutable=True)
        for key, value in answers.items():
            if isinstance(value, list):
                data.setlist(key, value)
            else:
                data[key] = value
        result = services.submit_page(response.pk, page.pk, response.version_id, data)
        assert result.parsed.ok, result.parsed.errors
        if result.finished:
            break
    response.refresh_from_db()
    return response
