"""The catalogue's reference lists: kinds of offer, pillars, location types, initiative goals, partner roles
and cost bands. Labels live in data/vocabularies.csv, never in code."""

import csv
import json
from pathlib import Path

from django.db import migrations

VOCABULARIES = {
    "aanbodsoort": "Soort aanbod",
    "pijler": "Pijler (InnoVET-concept)",
    "locatietype": "Soort locatie",
    "initiatiefdoel": "Doel van een samenwerkingsverband",
    "partnerrol": "Rol van een partner",
    "kostenband": "Kostprijs ten opzichte van het nascholingsbudget",
}


def load(apps, schema_editor):
    Vocabulary = apps.get_model("taxonomy", "Vocabulary")
    Term = apps.get_model("taxonomy", "Term")
    path = Path(__file__).resolve().parent.parent / "data" / "vocabularies.csv"
    with open(path, encoding="utf-8") as fh:
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


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial"), ("taxonomy", "0002_load_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
