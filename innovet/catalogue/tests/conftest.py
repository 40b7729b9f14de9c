from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from innovet.catalogue import services
from innovet.organisations.models import OrganisationKind, Role
from innovet.taxonomy.models import Term


def term(vocabulary, code):
    return Term.objects.of(vocabulary).get(code=code)


def at(days, hour=9, minute=0):
    """An aware datetime `days` from today at the given local hour (a weekday when days is a multiple of 7)."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def next_weekday(weekday, weeks=1, hour=9):
    today = timezone.localdate()
    delta = (weekday - today.weekday()) % 7 + 7 * weeks
    day = today + timedelta(days=delta)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


@pytest.fixture
def provider(make_org):
    return make_org("Robotix Kortrijk", OrganisationKind.COMPANY, "8500")


@pytest.fixture
def other_provider(make_org):
    return make_org("Bouwbedrijf Limburg", OrganisationKind.COMPANY, "3500")


@pytest.fixture
def provider_user(make_user, provider):
    return make_user(email="contact@robotix.example", org=provider, role=Role.COMPANY_CONTACT, is_manager=True)


@pytest.fixture
def other_user(make_user, other_provider):
    return make_user(email="contact@bouw.example", org=other_provider, role=Role.COMPANY_CONTACT, is_manager=True)


@pytest.fixture
def rtc_wvl(make_org, make_user):
    rtc = make_org("RTC West-Vlaanderen", OrganisationKind.RTC, "8200")
    return make_user(email="rtc@wvl.example", org=rtc, role=Role.RTC_STAFF, is_manager=True)


@pytest.fixture
def rtc_limburg(make_org, make_user):
    rtc = make_org("RTC Limburg", OrganisationKind.RTC, "3500")
    return make_user(email="rtc@limburg.example", org=rtc, role=Role.RTC_STAFF, is_manager=True)


@pytest.fixture
def offer_input():
    def build(providers, **overrides):
        data = {
            "title": "Workshop cobots in de praktijk",
            "summary": "Een dag werken met een collaboratieve robot.",
            "description": "Leerkrachten programmeren een cobot en maken er een les van.",
            "goals": "",
            "kind": term("aanbodsoort", "workshop"),
            "pillar": term("pijler", "innovatie-beleven"),
            "audience": "beide",
            "cost": Decimal("75"),
            "brand_neutral": True,
            "registration_url": "https://www.example.be/inschrijven",
            "providers": providers,
            "themes": [term("thema", "cobots")],
            "studiedomeinen": [term("studiedomein", "stem")],
            "graden": [term("graad", "3")],
            "onderwijsvormen": [term("onderwijsvorm", "TSO")],
            "need_types": [term("noodtype", "vaktechnisch")],
            "transition_priorities": [term("transitieprioriteit", "industrie-4-0")],
            "locations": [{"location_type": term("locatietype", "bedrijf"), "name": "Hal 3", "postcode": "8500"}],
            "sessions": [{"title": "", "starts_at": next_weekday(2), "ends_at": next_weekday(2, hour=16)}],
        }
        data.update(overrides)
        return data

    return build


@pytest.fixture
def make_offer(offer_input, admin_user):
    def make(providers, publish=True, user=None, **overrides):
        return services.create_offer(user or admin_user, offer_input(providers, **overrides), publish=publish)

    return make


@pytest.fixture
def many_offers(db):
    """``many_offers(providers, n, published=k)``: n offers in bulk (the first k published), each with
    themes, studiedomeinen, a location and a session, so that lists show what real rows show."""
    from innovet.catalogue.models import Offer, OfferLocation, OfferSession, Status
    from innovet.geo.services import resolve_postcode

    def make(providers, n, published=0, title="Aanbod", **fields):
        now = timezone.now()
        kind, theme, domain = term("aanbodsoort", "workshop"), term("thema", "cobots"), term("studiedomein", "stem")
        place = resolve_postcode(providers[0].postcode)
        offers = Offer.objects.bulk_create(
            Offer(
                title=f"{title} {i + 1}",
                summary="Kort",
                description="Lang",
                kind=kind,
                status=Status.PUBLISHED if i < published else Status.DRAFT,
                published_at=now if i < published else None,
                last_confirmed_at=now if i < published else None,
                province=providers[0].province,
                **fields,
            )
            for i in range(n)
        )
        Through = Offer.providers.through
        Through.objects.bulk_create(Through(offer_id=o.pk, organisation_id=p.pk) for o in offers for p in providers)
        Offer.themes.through.objects.bulk_create(Offer.themes.through(offer_id=o.pk, term_id=theme.pk) for o in offers)
        Offer.studiedomeinen.through.objects.bulk_create(
            Offer.studiedomeinen.through(offer_id=o.pk, term_id=domain.pk) for o in offers
        )
        OfferLocation.objects.bulk_create(
            OfferLocation(
                offer=o,
                location_type=term("locatietype", "bedrijf"),
                postcode=place.postcode,
                municipality=place.municipality,
                province=place.province,
                latitude=place.latitude,
                longitude=place.longitude,
            )
            for o in offers
        )
        start = at(14)
        OfferSession.objects.bulk_create(
            OfferSession(offer=o, starts_at=start, ends_at=start + timedelta(hours=3)) for o in offers
        )
        return offers

    return make


@pytest.fixture
def many_initiatives(db):
    """``many_initiatives(lead, partners, n, published=k)``: n initiatives in bulk with provinces, goals,
    themes, partners and a linked offer each."""
    from innovet.catalogue.models import Initiative, InitiativePartner, Status

    def make(lead, partners, n, published=0, offers=()):
        now = timezone.now()
        items = Initiative.objects.bulk_create(
            Initiative(
                title=f"Initiatief {i + 1}",
                summary="Kort",
                description="Lang",
                lead=lead,
                province=lead.province,
                status=Status.PUBLISHED if i < published else Status.DRAFT,
                published_at=now if i < published else None,
                last_confirmed_at=now if i < published else None,
            )
            for i in range(n)
        )
        for field, value in (
            ("provinces", lead.province_id),
            ("goals", term("initiatiefdoel", "innovatie").pk),
            ("themes", term("thema", "cobots").pk),
            ("studiedomeinen", term("studiedomein", "stem").pk),
        ):
            through = getattr(Initiative, field).through
            column = "province_id" if field == "provinces" else "term_id"
            through.objects.bulk_create(through(initiative_id=x.pk, **{column: value}) for x in items)
        InitiativePartner.objects.bulk_create(
            InitiativePartner(initiative=x, organisation=p, role=term("partnerrol", "infrastructuur"))
            for x in items
            for p in partners
        )
        if offers:
            Initiative.offers.through.objects.bulk_create(
                Initiative.offers.through(initiative_id=x.pk, offer_id=o.pk) for x in items for o in offers
            )
        return items

    return make
