"""Loads the shipped reference lists (data/*.csv) into Vocabulary and Term. Idempotent: updates labels,
adds new items, never deletes. Used by the data migration and by ``manage.py load_reference_data``."""

import csv
import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name):
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _sync(Term, vocabulary, rows):
    """rows: (code, label, parent_code, data) in order; parents before children."""
    existing = {t.code: t for t in Term.objects.filter(vocabulary=vocabulary)}
    new, changed = [], []
    for position, (code, label, _parent, data) in enumerate(rows):
        term = existing.get(code)
        if term is None:
            term = Term(vocabulary=vocabulary, code=code, label=label, position=position, data=data)
            new.append(term)
            existing[code] = term
        elif (term.label, term.position, term.data) != (label, position, data):
            term.label, term.position, term.data = label, position, data
            changed.append(term)
    Term.objects.bulk_create(new, batch_size=1000)
    Term.objects.bulk_update(changed, ["label", "position", "data"], batch_size=1000)
    ids = dict(Term.objects.filter(vocabulary=vocabulary).values_list("code", "id"))
    current = dict(Term.objects.filter(vocabulary=vocabulary).values_list("code", "parent_id"))
    reparent = []
    for code, _label, parent, _data in rows:
        parent_id = ids.get(parent) if parent else None
        if current.get(code) != parent_id:
            reparent.append(Term(id=ids[code], parent_id=parent_id))
    Term.objects.bulk_update(reparent, ["parent"], batch_size=1000)


def load_taxonomies(Vocabulary, Term):
    vocabularies = {}
    for row in _read("vocabularies.csv"):
        vocabularies[row["code"]], _ = Vocabulary.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "hierarchical": row["hierarchical"] == "1", "source": row["source"]},
        )

    grouped = {}
    for row in _read("terms.csv"):
        data = json.loads(row["data"]) if row["data"] else {}
        grouped.setdefault(row["vocabulary"], []).append((row["code"], row["label"], row["parent"], data))
    for code, rows in grouped.items():
        _sync(Term, vocabularies[code], rows)

    pc_rows = [
        (r["code"], f"{r['code_dotted']} {r['label_nl']}", r["parent_code"], {"kind": r["kind"]})
        for r in _read("paritaire_comites.csv")
    ]
    _sync(Term, vocabularies["paritair_comite"], pc_rows)

    nace_rows = sorted(_read("nace_bel_2025.csv"), key=lambda r: int(r["level"]))
    _sync(
        Term,
        vocabularies["nace"],
        [
            (r["code_dotted"], f"{r['code_dotted']} {r['label_nl']}", r["parent"], {"level": int(r["level"])})
            for r in nace_rows
        ],
    )

    _sync(
        Term,
        vocabularies["esco"],
        [
            (r["esco_code"], r["preferred_label_nl"], "", {"uri": r["esco_uri"], "isco": r["isco_group"]})
            for r in _read("esco_occupations_nl.csv")
        ],
    )
