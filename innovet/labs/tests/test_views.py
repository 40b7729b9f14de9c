"""The pages: who sees what, forms with Dutch errors, the one-click button on an agreed introduction."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from innovet.labs import services
from innovet.labs.models import Commitment, Lab

from .conftest import term

pytestmark = pytest.mark.django_db


def test_lab_list_is_a_search_and_the_page_is_public(client, w, make_lab):
    lab = make_lab()
    make_lab(title="Cobots in de klas", summary="Samenwerken met robots.", themes=[term("thema", "cobots")])
    response = client.get(reverse("labs:lab_list"))
    assert response.status_code == 200
    assert "2 labs gevonden" in response.content.decode()
    response = client.get(reverse("labs:lab_list"), {"q": "warmtepompen"})
    body = response.content.decode()
    assert lab.title in body and "Cobots in de klas" not in body
    response = client.get(reverse("labs:lab_list"), {"fase": "intake", "thema": "nieuwe-werkvormen"})
    assert "Cobots in de klas" in response.content.decode()
    detail = client.get(lab.get_absolute_url()).content.decode()
    assert "Warmte Claes" in detail and "Aansluiten" in detail


def test_workspace_for_participants_and_the_rtc_only(client, w, make_lab):
    lab = make_lab()
    url = reverse("labs:workspace", kwargs={"slug": lab.slug})
    assert client.get(url).status_code == 302
    for user in (w.broker, w.contact, w.director):
        client.force_login(user)
        assert client.get(url).status_code == 200
    for user in (w.other_teacher, w.other_rtc, w.other_contact):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_one_click_button_on_an_agreed_introduction(client, w, agreed_intro):
    client.force_login(w.broker)
    page = client.get(agreed_intro.get_absolute_url()).content.decode()
    assert "Maak er een innovatielab van" in page
    response = client.post(reverse("labs:start_from_introduction", kwargs={"pk": agreed_intro.pk}))
    lab = Lab.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{lab.slug}/werkruimte/")
    page = client.get(agreed_intro.get_absolute_url()).content.decode()
    assert "Maak er een innovatielab van" not in page and lab.title in page
    client.force_login(w.teacher)
    assert "Maak er een innovatielab van" not in client.get(agreed_intro.get_absolute_url()).content.decode()


def test_partner_confirms_its_commitment_through_the_page(client, w, make_lab):
    lab = make_lab()
    partner = lab.partners.get()
    client.force_login(w.contact)
    url = reverse("labs:commitment_add", kwargs={"slug": lab.slug, "pk": partner.pk})
    response = client.post(url, {"category": term("bedrijfsmiddel", "personeel").pk, "amount": "-3", "unit": "uren"})
    assert not Commitment.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("negatief" in m for m in messages)
    client.post(url, {"category": term("bedrijfsmiddel", "personeel").pk, "amount": "16", "unit": "uren"})
    c = Commitment.objects.get()
    page = client.get(reverse("labs:workspace", kwargs={"slug": lab.slug})).content.decode()
    assert "Bevestigen" in page
    client.post(reverse("labs:commitment_change", kwargs={"slug": lab.slug, "pk": c.pk}), {"status": "bevestigd"})
    c.refresh_from_db()
    assert c.status == "bevestigd"
    client.force_login(w.broker)
    response = client.post(
        reverse("labs:commitment_change", kwargs={"slug": lab.slug, "pk": c.pk}), {"status": "geleverd"}
    )
    assert response.status_code == 403


def test_plan_page_reports_dates_out_of_order(client, w, make_lab):
    lab = make_lab()
    milestones = list(lab.milestones.all())
    client.force_login(w.broker)
    url = reverse("labs:plan", kwargs={"slug": lab.slug})
    assert client.get(url).status_code == 200
    data = {"form-TOTAL_FORMS": len(milestones), "form-INITIAL_FORMS": len(milestones)}
    for i, m in enumerate(milestones):
        data[f"form-{i}-id"] = m.pk
        data[f"form-{i}-title"] = m.title
        data[f"form-{i}-due_on"] = m.due_on.isoformat()
    data["form-1-due_on"] = (milestones[0].due_on - timedelta(days=2)).isoformat()
    response = client.post(url, data, follow=True)
    assert "niet in volgorde" in response.content.decode()
    assert lab.milestones.get(pk=milestones[1].pk).due_on == milestones[1].due_on
    data["form-1-due_on"] = (milestones[1].due_on + timedelta(days=2)).isoformat()
    client.post(url, data)
    assert lab.milestones.get(pk=milestones[1].pk).due_on == milestones[1].due_on + timedelta(days=2)


def test_join_page_and_follow_up(client, w, make_lab):
    lab = make_lab()
    services.open_follow_up(w.broker, lab)
    client.force_login(w.other_teacher)
    url = reverse("labs:join", kwargs={"slug": lab.slug})
    assert client.get(url).status_code == 200
    client.post(url, {"school": w.other_school.pk, "motivation": "Graag"})
    response = client.post(url, {"school": w.other_school.pk}, follow=True)
    assert "sloot al aan" in response.content.decode()
    assert lab.adoptions.count() == 1
    client.force_login(w.broker)
    page = client.get(reverse("labs:follow_up", kwargs={"slug": lab.slug})).content.decode()
    assert "GO! Hasselt" in page


def test_documents_are_downloaded_by_participants_only(client, w, make_lab):
    lab = make_lab()
    client.force_login(w.contact)
    client.post(
        reverse("labs:document_add", kwargs={"slug": lab.slug}),
        {"title": "Plan", "file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n")},
    )
    doc = lab.documents.get()
    url = reverse("labs:document_download", kwargs={"slug": lab.slug, "pk": doc.pk})
    assert client.get(url).status_code == 200
    client.force_login(w.other_contact)
    assert client.get(url).status_code == 403


def test_overview_for_rtc_and_department(client, w, make_lab, make_org, make_user):
    from innovet.organisations.models import OrganisationKind, Role

    make_lab()
    url = reverse("labs:overview")
    client.force_login(w.teacher)
    assert client.get(url).status_code == 403
    dept = make_org("Departement Onderwijs en Vorming", OrganisationKind.GOVERNMENT, "1000")
    client.force_login(make_user(org=dept, role=Role.ORG_ADMIN))
    body = client.get(url).content.decode()
    assert "0 van 50 labs zijn presenteerbaar" in body
    client.force_login(w.other_rtc)
    assert client.get(url, {"provincie": "limburg"}).status_code == 200


def test_create_lab_page(client, w):
    client.force_login(w.broker)
    url = reverse("labs:lab_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "coordinator_organisation": w.rtc.pk,
            "title": "PLC-lab",
            "summary": "Samen PLC-lessen maken.",
            "themes": [term("thema", "robotica-automatisering").pk],
            "starts_on": timezone.localdate().isoformat(),
        },
    )
    lab = Lab.objects.get()
    assert response.status_code == 302 and lab.milestones.count() == 7
    client.force_login(w.contact)
    assert client.get(url).status_code == 403


def test_funding_pages(client, w):
    client.force_login(w.broker)
    response = client.post(
        reverse("labs:funding_create"),
        {
            "organisation": w.rtc.pk,
            "title": "ESF-oproep",
            "description": "Oproep.",
            "deadline": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "themes": [term("thema", "duurzaamheid").pk],
        },
    )
    assert response.status_code == 302
    client.logout()
    assert "ESF-oproep" in client.get(reverse("labs:funding_list")).content.decode()


def test_overview_links_only_to_workspaces_the_reader_may_open(client, w, make_lab, make_org, make_user):
    # rtc@ (another province) and the department got a 403 behind every lab's name on the overview.
    from innovet.organisations.models import OrganisationKind, Role

    lab = make_lab()
    dept = make_org("Departement Onderwijs en Vorming", OrganisationKind.GOVERNMENT, "1000")
    workspace, detail = reverse("labs:workspace", args=[lab.slug]), reverse("labs:detail", args=[lab.slug])
    for reader, opens_workspace in [
        (w.broker, True),
        (w.other_rtc, False),
        (make_user(org=dept, role=Role.ORG_ADMIN), False),
    ]:
        client.force_login(reader)
        body = client.get(reverse("labs:overview")).content.decode()
        assert f'href="{detail}"' in body
        assert (f'href="{workspace}"' in body) is opens_workspace
        assert client.get(detail).status_code == 200
        if opens_workspace:
            assert client.get(workspace).status_code == 200
