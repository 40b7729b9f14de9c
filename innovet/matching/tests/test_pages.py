"""Every page renders for the people who use it, with the headings and labels they rely on."""

import pytest
from django.urls import reverse

from innovet.matching import services

from .conftest import service_data

pytestmark = pytest.mark.django_db


def test_pages_render_for_teacher_rtc_and_provider(
    client, school, teacher, rtc_ovl, installer_contact, willingness, make_offer, installer
):
    make_offer("Workshop warmtepompen in Gent", provider=installer)
    need = services.create_need(teacher, school, service_data())
    intro = services.introduce(rtc_ovl, need.suggestions.get(kind="partner"))

    client.force_login(teacher)
    form = client.get(reverse("matching:need_create"))
    assert form.status_code == 200 and 'name="max_distance_km"' in form.content.decode()
    detail = client.get(need.get_absolute_url()).content.decode()
    assert "Aanbod uit de catalogus" in detail and "Workshop warmtepompen in Gent" in detail
    assert "Partijen voorstellen" not in detail  # only the RTC brokers
    assert client.get(reverse("matching:need_edit", args=[need.pk])).status_code == 200
    assert client.get(reverse("core:dashboard")).status_code == 200

    client.force_login(rtc_ovl)
    detail = client.get(need.get_absolute_url()).content.decode()
    assert "Partijen voorstellen" in detail and "Zelf een suggestie toevoegen (RTC)" in detail
    assert "Griet Vervaet" in detail  # the RTC sees who stated the need
    assert client.get(intro.get_absolute_url()).status_code == 200
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert "1 open nood in de wachtrij van het RTC" in dashboard

    client.force_login(installer_contact)
    page = client.get(intro.get_absolute_url()).content.decode()
    assert "Antwoord van Warmte &amp; Klimaat De Wilde" in page
    assert client.get(reverse("matching:willingness_list")).status_code == 200
    assert client.get(reverse("matching:willingness_create")).status_code == 200
    assert client.get(reverse("matching:willingness_detail", args=[willingness.pk])).status_code == 200
    assert client.get(reverse("matching:willingness_edit", args=[willingness.pk])).status_code == 200


def test_anonymous_visitors_are_told_why_they_must_log_in(client):
    response = client.get(reverse("matching:need_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Meld je aan om de noden te bekijken" in page
    assert f'href="{reverse("accounts:login")}?next=/noden/"' in page
    # the pages behind it still send to the login page
    response = client.get(reverse("matching:need_create"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_buttons_show_only_to_people_who_may_use_them(client, admin_user, school, teacher):
    client.force_login(admin_user)
    page = client.get(reverse("matching:need_list")).content.decode()
    assert reverse("matching:need_create") not in page  # the administrator has no school: it would be a 403
    assert client.get(reverse("matching:need_create")).status_code == 403
    page = client.get(reverse("matching:willingness_list")).content.decode()
    assert reverse("matching:willingness_create") not in page
    assert client.get(reverse("matching:willingness_create")).status_code == 403

    client.force_login(teacher)
    page = client.get(reverse("matching:need_list")).content.decode()
    assert reverse("matching:need_create") in page


def test_need_form_offers_every_reference_list(client, school, teacher):
    client.force_login(teacher)
    page = client.get(reverse("matching:need_create")).content.decode()
    for label in ("Warmtepompen", "Vaktechnisch", "STEM", "Derde graad", "Workshops", "Woensdagnamiddag"):
        assert label in page
    form = client.get(reverse("matching:need_create")).context["form"]
    assert form.fields["themes"].widget.choices and len(list(form.fields["themes"].widget.choices)) > 20


def test_need_page_queries_do_not_grow_with_the_number_of_suggestions(
    client, school, teacher, willingness, make_offer, installer, django_assert_max_num_queries
):
    for i in range(8):
        make_offer(f"Workshop warmtepompen {i}", provider=installer)
    need = services.create_need(teacher, school, service_data())
    assert need.suggestions.filter(kind="aanbod").count() == 8
    client.force_login(teacher)
    client.get(need.get_absolute_url())  # first read writes nothing new: texts were stored with the scores
    # Session, user, memberships, the need, suggestions and their targets, themes, introductions, history:
    # 12 today, whatever the number of suggestions; one query per suggestion (8 here) would break the bound.
    with django_assert_max_num_queries(16):
        response = client.get(need.get_absolute_url())
    assert response.status_code == 200


def test_scale_generator_creates_needs_and_willingness_that_the_nightly_job_scores(db):
    from innovet.core.demo_registry import Context
    from innovet.matching import scale
    from innovet.matching.models import Need, Willingness
    from innovet.organisations import scale as org_scale

    ctx = Context(seed=3, scale=40)
    org_scale.generate(ctx)
    summary = scale.generate(ctx)
    assert Need.objects.filter(title__startswith="Synthetische nood").count() == 16  # 4 in 10 are schools
    assert Willingness.objects.exists() and "noden" in summary
    assert services.recompute_all() == 16
