"""A small model-free index with Flemish offers, registered only for these tests."""

import copy
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from innovet.search import registry
from innovet.search.backends import reset_backends
from innovet.search.registry import Document, Facet, SearchIndex

ANTWERPEN = (51.2194, 4.4025)
GENT = (51.0543, 3.7174)
HASSELT = (50.9307, 5.3325)
BRUGGE = (51.2093, 3.2247)
LEUVEN = (50.8798, 4.7005)
KORTRIJK = (50.8279, 3.2649)
MECHELEN = (51.0259, 4.4776)


def _docs(today):
    def published(days_ago):
        return timezone.make_aware(datetime(2026, 1, 1, 9, 0)) + timedelta(days=days_ago)

    d = today
    return [
        Document(
            1,
            "Lassen voor leerkrachten metaal",
            "MIG/MAG-lassen en TIG-lassen in het opleidingscentrum van Constructiv. "
            "Voor leerlingen van de derde graad.",
            {"kind": ["opleiding"], "province": ["antwerpen"], "theme": ["geavanceerde-materialen"], "graad": ["3"]},
            [ANTWERPEN],
            [d + timedelta(days=10), d + timedelta(days=17)],
            published(1),
        ),
        Document(
            2,
            "Warmtepompen installeren en onderhouden",
            "Bedrijfsstage bij een installateur: de warmtepomp van A tot Z, met de elektricien als coach.",
            {
                "kind": ["bedrijfsstage"],
                "province": ["oost-vlaanderen"],
                "theme": ["duurzaamheid/warmtepompen"],
                "graad": ["2", "3"],
            },
            [GENT],
            [d + timedelta(days=3)],
            published(2),
        ),
        Document(
            3,
            "Zonnepanelen en energieopslag",
            "Workshop over zonnepanelen, batterijen en slimme netten voor leerkrachten elektriciteit.",
            {
                "kind": ["workshop"],
                "province": ["limburg"],
                "theme": ["duurzaamheid/zonnepanelen", "duurzaamheid"],
                "graad": ["3"],
            },
            [HASSELT],
            [d + timedelta(days=30)],
            published(3),
        ),
        Document(
            4,
            "Elektriciens van morgen: domotica",
            "Opleiding domotica en KNX voor elektriciens en leerkrachten elektrotechniek. Café-gesprek na afloop.",
            {"kind": ["opleiding"], "province": ["west-vlaanderen"], "theme": ["industrie-4-0/iot"], "graad": ["3"]},
            [BRUGGE, KORTRIJK],
            [d - timedelta(days=5), d + timedelta(days=60)],
            published(4),
        ),
        Document(
            5,
            "Robotica en automatisering in de klas",
            "Train-the-trainer rond cobots en PLC-programmatie bij Agoria. Leerlingen programmeren zelf een robot.",
            {
                "kind": ["train-the-trainer"],
                "province": ["vlaams-brabant"],
                "theme": ["industrie-4-0/robotica-automatisering"],
                "graad": ["2"],
            },
            [LEUVEN],
            [d + timedelta(days=45)],
            published(5),
        ),
        Document(
            6,
            "Warmtepomp en ventilatie in renovatie",
            "Lezing voor leerkrachten bouw en elektriciteit over warmtepompen in bestaande woningen.",
            {"kind": ["lezing"], "province": ["antwerpen"], "theme": ["duurzaamheid/warmtepompen"], "graad": ["3"]},
            [MECHELEN],
            [d - timedelta(days=20)],
            published(6),
        ),
        Document(
            7,
            "3D-printen voor beginners",
            "Opleiding 3D-printing en kunststoffen in een gastschool. Geen voorkennis nodig.",
            {
                "kind": ["opleiding"],
                "province": ["oost-vlaanderen"],
                "theme": ["industrie-4-0/3d-printing"],
                "graad": ["1", "2"],
            },
            [GENT],
            [],
            published(7),
        ),
        Document(
            8,
            "Warmtepompen: verouderd aanbod",
            "Oude opleiding over warmtepompen, al een jaar niet meer bevestigd.",
            {"kind": ["opleiding"], "province": ["limburg"], "theme": ["duurzaamheid/warmtepompen"], "graad": ["3"]},
            [HASSELT],
            [],
            None,
            boost=0.5,
        ),
        Document(
            9,
            "Kappers: nieuwe technieken",
            "Workshop voor leerkrachten haarzorg bij Coiffure.org, zonder locatie (online).",
            {"kind": ["workshop"], "theme": ["nieuwe-manieren-van-werken"], "graad": ["2", "3"]},
            [],
            [d + timedelta(days=1)],
            published(9),
        ),
    ]


class OffersTestIndex(SearchIndex):
    name = "testaanbod"
    facets = [
        Facet("kind", "Soort"),
        Facet("province", "Provincie"),
        Facet("theme", "Thema", hierarchical=True),
        Facet("graad", "Graad"),
    ]

    def __init__(self, docs):
        self.docs = docs

    def get_queryset(self):
        return list(self.docs)

    def get_pk(self, obj):
        return obj.pk

    def to_document(self, obj):
        return copy.deepcopy(obj)


@pytest.fixture
def search_var(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    reset_backends()
    yield tmp_path
    reset_backends()


@pytest.fixture
def test_index(db, search_var):
    index = OffersTestIndex(_docs(timezone.localdate()))
    registry.register(index)
    yield index
    registry.unregister(index.name)
