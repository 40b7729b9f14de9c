"""The catalogue's reference lists (kinds of offer, pillars, location types, initiative goals, partner roles,
cost bands), loaded from data/vocabularies.csv. Idempotent: used by migrations 0002/0003 and by tests that
need the lists back after a database flush."""

import csv
import json
from pathlib import Path

VOCABULARIES = {
    "aanbodsoort": "Soort aanbod",
    "pijler": "Pijler (InnoVET-concept)",
    "locatietype": "Soort locatie",
    "initiatiefdoel": "Doel van een samenwerkingsverband",
    "partnerrol": "Rol van een partner",
    "kostenband": "Kostprijs ten opzichte van het nascholingsbudget",
}
DATA = Path(__file__).resolve().parent / "data" / "vocabularies.csv"


def load_reference_lists(Vocabulary=None, Term=None):
    if Vocabulary is None or Term is None:
        from innovet.taxonomy.models import Term, Vocabulary
    with open(DATA, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    vocabularies = {}
    for code, name in VOCABULARIES.items():
        vocabularies[code], _ = Vocabulary.objects.update_or_create(
            code=code, defaults={"name": name, "source": "Studie 2018; InnoVET catalogus"}
        )
    positions = {}
    for row in rows:
        vocabulary = vocabularies[row["vocabulary"]]
        position = positions.get(vocabulary.code, 0)
        positions[vocabulary.code] = position + 1
        Term.objects.update_or_create(
            vocabulary=vocabulary,
            code=row["code"],
            defaults={"label": row["label"], "position": position, "data": json.loads(row["data"] or "{}")},
        )
