"""The teacher's portfolio (private by default, shared by a revocable link, PDF) and the profiles."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from innovet.core.models import AuditLog
from innovet.organisations.models import OrganisationKind, Role
from innovet.participation.services import record_participation
from innovet.portfolio import sections, selectors, services
from innovet.portfolio.models import PortfolioSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(make_user, school):
    return make_user(email="lien@school.example", org=school, role=Role.TEACHER, first_name="Lien", last_name="Peeters")


@pytest.fixture
def rtc(make_org):
    return make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")


@pytest.fixture
def history(teacher, school, rtc):
    """Three activities over two school years, one with an active role."""
    records = []
    for i, (day, hours, role) in enumerate(
        [
            (date(2025, 10, 8), "3", "bezoeker"),
            (date(2026, 3, 4), "2.5", "presentator"),
            (date(2026, 10, 7), "4", "bezoeker"),
        ]
    ):
        records.append(
            record_participation(
                person=teacher,
                activity=make_activity(rtc, i),
                kind="netwerkmoment",
                title=f"Kick-off sessie {i + 1}",
                date=day,
                hours=hours,
                role=role,
                school=school,
                organiser=rtc,
                url="/netwerkmomenten/1/",
            )
        )
    return records


def make_activity(rtc, i):
    """Any model instance can be an activity of the ledger; the RTC's own memberships do here."""
    from innovet.taxonomy.models import Term

    return Term.objects.of("thema").order_by("id")[i]


def test_the_portfolio_counts_hours_per_school_year_and_roles(client, teacher, history):
    client.force_login(teacher)
    page = client.get(reverse("portfolio:mine")).content.decode()
    assert "2025-2026" in page and "2026-2027" in page
    assert "5,5" in page  # 3 + 2,5 hours in 2025-2026
    assert "Presentator" in page
    assert "privé" in page


def test_private_by_default_shared_by_a_link_and_revoked(client, teacher, history):
    settings = selectors.settings_for(teacher)
    assert not settings.is_shared
    shared = services.share_portfolio(teacher)
    token = shared.share_token
    assert len(token) >= 30
    assert services.share_portfolio(teacher).share_token == token  # a second click keeps the same link
    client.logout()
    url = reverse("portfolio:shared", args=[token])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lien Peeters" in body and "Kick-off sessie 2" in body
    assert response["X-Robots-Tag"].startswith("noindex")
    services.revoke_share(teacher)
    assert client.get(url).status_code == 404
    again = services.share_portfolio(teacher)
    assert again.share_token != token  # the old link never comes back
    actions = list(AuditLog.objects.filter(action__startswith="portfolio.").values_list("action", flat=True))
    assert sorted(actions) == ["portfolio.share_revoked", "portfolio.shared", "portfolio.shared"]


def test_share_and_revoke_through_the_page(client, teacher):
    client.force_login(teacher)
    client.post(reverse("portfolio:share"))
    token = PortfolioSettings.objects.get(user=teacher).share_token
    assert token and token in client.get(reverse("portfolio:mine")).content.decode()
    client.post(reverse("portfolio:revoke"))
    assert PortfolioSettings.objects.get(user=teacher).share_token is None
    assert client.get(reverse("portfolio:share")).status_code == 405


def test_an_unknown_or_huge_token_is_a_404(client):
    assert client.get(reverse("portfolio:shared", args=["x" * 40])).status_code == 404
    assert client.get(reverse("portfolio:shared", args=["x" * 300])).status_code == 404


def test_the_pdf_export_is_a_dutch_a4_document_with_links(client, teacher, history):
    def badges(person):
        return sections.Section(
            key="badges-test",
            title="Badges",
            tables=[
                sections.Table(
                    "Badges", ["Badge", "Controleren"], [["Kick-off", sections.Link("Controleren", "/badges/v/abc/")]]
                )
            ],
        )

    sections.register("person", "badges-test", badges, order=99)
    try:
        client.force_login(teacher)
        response = client.get(reverse("portfolio:pdf"))
    finally:
        sections._registry["person"].pop("badges-test")
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="portfolio-lien-peeters.pdf"' in response["Content-Disposition"]
    content = response.content
    assert content.startswith(b"%PDF")
    assert b"/badges/v/abc/" in content  # the verify link is a clickable URI annotation
    assert b"Portfolio van Lien Peeters" in content  # the document's title


def test_the_shared_pdf(client, teacher, history):
    token = services.share_portfolio(teacher).share_token
    response = client.get(reverse("portfolio:shared_pdf", args=[token]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    services.revoke_share(teacher)
    assert client.get(reverse("portfolio:shared_pdf", args=[token])).status_code == 404


def test_a_section_of_an_app_that_is_not_installed_is_left_out(teacher):
    calls = []
    sections.register("person", "ghost", lambda p: calls.append(p), order=1, app="innovet.nonexistent")
    try:
        keys = [s.key for s in sections.sections("person", teacher)]
    finally:
        sections._registry["person"].pop("ghost")
    assert "ghost" not in keys and not calls


def test_the_school_profile_shows_engagement_without_names(client, teacher, history, school):
    response = client.get(reverse("profiles:organisation", args=[school.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kick-off sessie 1" in page and "RTC Oost-Vlaanderen" in page
    assert "Lien" not in page and "Peeters" not in page


def test_the_partner_profile_shows_what_it_offered_hosted_and_contributed(client, rtc, history, make_org):
    from django.utils import timezone

    from innovet.catalogue.models import Offer, Status
    from innovet.taxonomy.models import Term

    offer = Offer.objects.create(
        title="Workshop cobots",
        summary="Een dag.",
        description="Een dag.",
        kind=Term.objects.of("aanbodsoort").get(code="workshop"),
        cost=Decimal("50"),
        status=Status.PUBLISHED,
        published_at=timezone.now(),
    )
    offer.providers.add(rtc)
    page = client.get(reverse("profiles:organisation", args=[rtc.slug])).content.decode()
    assert "Workshop cobots" in page
    assert "Leerkrachten bereikt" in page


def test_the_opt_in_for_the_school_profile(client, teacher):
    client.force_login(teacher)
    client.post(reverse("portfolio:school_profile_name"), {"name_on_school_profile": "1"})
    assert PortfolioSettings.objects.get(user=teacher).name_on_school_profile
    client.post(reverse("portfolio:school_profile_name"), {})
    assert not PortfolioSettings.objects.get(user=teacher).name_on_school_profile


def test_gdpr_export_and_erase(teacher):
    from innovet.core import gdpr

    services.share_portfolio(teacher)
    assert gdpr.export_user_data(teacher)["gegevens"]["portfolio"]["openbare link actief"] is True
    token = PortfolioSettings.objects.get(user=teacher).share_token
    gdpr.erase_user(teacher)
    assert not PortfolioSettings.objects.filter(share_token=token).exists()


@pytest.mark.skipif(not __import__("django.apps").apps.apps.is_installed("innovet.placements"), reason="no placements")
def test_placements_show_on_the_school_and_company_profiles_without_names(client, teacher, school, make_org, make_user):
    from datetime import timedelta

    from django.utils import timezone

    from innovet.placements import services as placements
    from innovet.placements.models import Application, ApplicationStatus
    from innovet.placements.tests.conftest import place_data

    company = make_org("Bakkerij Wouters", OrganisationKind.COMPANY, "2300")
    contact = make_user(org=company, role=Role.COMPANY_CONTACT, is_manager=True)
    start = timezone.localdate() + timedelta(days=10)
    place = placements.create_place(
        contact,
        company,
        place_data(),
        [{"starts_on": start, "ends_on": start + timedelta(days=50), "note": ""}],
        publish=True,
    )
    Application.objects.create(
        place=place,
        period=place.periods.first(),
        teacher=teacher,
        school=school,
        starts_on=start,
        ends_on=start + timedelta(days=2),
        motivation="Leren.",
        status=ApplicationStatus.COMPLETED,
    )
    page = client.get(reverse("profiles:organisation", args=[school.slug])).content.decode()
    assert "Bedrijfsstages" in page and place.title in page and "Bakkerij Wouters" in page
    assert "Peeters" not in page
    page = client.get(reverse("profiles:organisation", args=[company.slug])).content.decode()
    assert "Stageplaatsen voor leerkrachten" in page and place.title in page


@pytest.mark.skipif(not __import__("django.apps").apps.apps.is_installed("innovet.badges"), reason="no badges")
def test_badges_in_the_portfolio_pdf_and_on_the_school_profile_with_opt_in(
    client, teacher, school, make_org, make_user, django_capture_on_commit_callbacks
):
    from innovet.badges import services as badges

    rtc = make_org("RTC Limburg", OrganisationKind.RTC, "3500")
    manager = make_user(org=rtc, role=Role.RTC_STAFF, is_manager=True)
    achievement = badges.create_achievement(
        manager,
        rtc,
        {"name": "Kick-off Industrie 4.0", "description": "Deelname.", "criteria": "Aanwezig.", "valid_for_days": 365},
    )
    with django_capture_on_commit_callbacks(execute=True):
        award = badges.award_badge(manager, achievement, teacher)
    client.force_login(teacher)
    page = client.get(reverse("portfolio:mine")).content.decode()
    assert "Kick-off Industrie 4.0" in page and award.verify_url() in page
    pdf = client.get(reverse("portfolio:pdf")).content
    assert award.verify_url().encode() in pdf
    client.logout()
    profile = client.get(reverse("profiles:organisation", args=[school.slug])).content.decode()
    assert "Kick-off Industrie 4.0 (RTC Limburg)" in profile and "Peeters" not in profile
    services.set_name_on_school_profile(teacher, True)
    profile = client.get(reverse("profiles:organisation", args=[school.slug])).content.decode()
    assert "Lien Peeters" in profile
