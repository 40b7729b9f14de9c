"""Quality of the match suggestions against the evaluation set in bench/matching_eval/.

    .venv/bin/python bench/matching_quality.py [-v]

For every need of the set, the scorer ranks all catalogue offers and all partners of the evaluation world
(the same engine and the same mappings as the application; reference lists read from the taxonomy CSV
files, no database needed). The top suggestions of both lists are merged by score, as an RTC would read
them, and compared with the judgements of the set:

- precision@5: share of the first five suggestions that the set marks as relevant (grade 1 or 2);
- precision@5 (haalbaar): the same, divided by min(5, number of relevant items) — a need with only three
  relevant items in the world can never reach 5/5;
- nDCG@10: graded gain (2 or 1) with a log2 discount, against the ideal order of the judged items;
- recall@10: share of the relevant items found in the first ten.
"""

import argparse
import csv
import json
import math
import os
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovet.settings")
os.environ.setdefault("INNOVET_VAR_DIR", str(ROOT / "var" / "bench-matching"))
os.environ.setdefault("INNOVET_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("INNOVET_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from innovet.matching.engine import (  # noqa: E402
    INDIVIDUAL,
    OFFER,
    PARTNER,
    TEAM,
    CandidateIndex,
    CandidateSpec,
    NeedSpec,
)
from innovet.matching.sources import (  # noqa: E402
    AUDIENCE_PARTICIPATION,
    CO_DEVELOP_FORMS,
    KIND_FORMS,
    RESOURCE_FORMS,
    vocabulary_from_rows,
)

EVAL = ROOT / "bench" / "matching_eval"
TOP = 10


def load_vocabulary():
    rows = []
    with open(ROOT / "innovet/taxonomy/data/terms.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append((r["vocabulary"], r["code"], r["label"], r["parent"]))
    with open(ROOT / "innovet/catalogue/data/vocabularies.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["vocabulary"] == "aanbodsoort":
                rows.append(("aanbodsoort", r["code"], r["label"], ""))
    return vocabulary_from_rows(rows)


def load_places():
    provinces = {}
    with open(ROOT / "innovet/geo/data/provinces.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            provinces[r["nis_code"]] = r["slug"]
    places = {}
    with open(ROOT / "innovet/geo/data/be_postcodes_geo.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["postal_code"] not in places and r["latitude"]:
                places[r["postal_code"]] = (
                    float(r["latitude"]),
                    float(r["longitude"]),
                    provinces.get(r["province_nis"], r["province_nis"]),
                )
    return places


def _date(value):
    return date.fromisoformat(value) if value else None


def load_world(places):
    offers, partners = [], []
    data = json.loads((EVAL / "offers.json").read_text(encoding="utf-8"))
    for row in data["rows"]:
        r = dict(zip(data["fields"], row, strict=True))
        lat = lon = None
        if r["place"] not in ("online", "school"):
            lat, lon, _prov = places[r["place"]]
        offers.append(
            CandidateSpec(
                id=int(r["id"][1:]),
                kind=OFFER,
                title=r["title"],
                themes=tuple(r["themes"]),
                domains=tuple(r["domains"]),
                graden=tuple(r["graden"]),
                forms=(r["kind"],) + tuple(sorted(set(KIND_FORMS.get(r["kind"], ())) - {r["kind"]})),
                lat=lat,
                lon=lon,
                cost=float(r["cost"]),
                participation=AUDIENCE_PARTICIPATION[r["audience"]],
                period_start=_date(r["start"]),
                period_end=_date(r["end"]),
                moments=tuple(r["moments"]),
                age_days=30,
            )
        )
    data = json.loads((EVAL / "partners.json").read_text(encoding="utf-8"))
    for row in data["rows"]:
        r = dict(zip(data["fields"], row, strict=True))
        forms = set()
        for resource in r["resources"]:
            forms.update(RESOURCE_FORMS[resource])
        if r["co_develop"]:
            forms.update(CO_DEVELOP_FORMS)
        lat = lon = reach = None
        provinces = ()
        region = r["region"]
        if region.startswith("straal:"):
            lat, lon, _prov = places[r["place"]]
            reach = float(region.split(":")[1])
        elif region.startswith("provincies:"):
            provinces = tuple(region.split(":")[1].split(","))
        partners.append(
            CandidateSpec(
                id=int(r["id"][1:]),
                kind=PARTNER,
                title=r["organisation"],
                themes=tuple(r["themes"]),
                domains=tuple(r["domains"]),
                forms=tuple(sorted(forms)),
                lat=lat,
                lon=lon,
                reach_km=reach,
                provinces=provinces,
                capacity_left=r["capacity"],
                age_days=30,
            )
        )
    return offers, partners


def load_needs(places):
    needs = []
    for line in (EVAL / "needs.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("|")]
        (nid, title, postcode, km, themes, domain, graden, forms, participation, budget, moments, relevant) = cells
        lat, lon, province = places[postcode]
        split = lambda s: tuple(x for x in s.split(",") if x)  # noqa: E731
        spec = NeedSpec(
            id=int(nid[1:]),
            themes=split(themes),
            domain=domain,
            graden=split(graden),
            forms=split(forms),
            lat=lat,
            lon=lon,
            max_km=float(km),
            province=province,
            budget=float(budget) if budget else None,
            participation=TEAM if participation == "team" else INDIVIDUAL,
            period_start=date(2026, 9, 1),
            period_end=date(2027, 8, 31),
            moments=split(moments),
        )
        judged = {}
        for item in relevant.replace("+", " ").split():
            key, grade = item.split(":")
            judged[key] = int(grade)
        needs.append((nid, title, spec, judged))
    return needs


def ranked(spec, offer_index, partner_index):
    merged = [("O", s) for s in offer_index.top(spec, TOP)] + [("P", s) for s in partner_index.top(spec, TOP)]
    merged.sort(key=lambda item: (-item[1].score, item[0], item[1].id))
    return [(f"{prefix}{s.id:02d}", s.score) for prefix, s in merged[:TOP]]


def dcg(gains):
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def evaluate(verbose=False):
    vocab = load_vocabulary()
    places = load_places()
    offers, partners = load_world(places)
    offer_index = CandidateIndex(OFFER, offers, vocab)
    partner_index = CandidateIndex(PARTNER, partners, vocab)
    needs = load_needs(places)
    p5 = p5_cap = ndcg = recall = 0.0
    for nid, title, spec, judged in needs:
        ranking = ranked(spec, offer_index, partner_index)
        ids = [key for key, _score in ranking]
        relevant = {k for k, g in judged.items() if g > 0}
        hits5 = sum(1 for k in ids[:5] if k in relevant)
        p5 += hits5 / 5
        p5_cap += hits5 / min(5, len(relevant))
        ideal = dcg(sorted(judged.values(), reverse=True)[:TOP])
        ndcg += dcg([judged.get(k, 0) for k in ids[:TOP]]) / ideal
        recall += sum(1 for k in ids[:TOP] if k in relevant) / len(relevant)
        if verbose:
            marks = " ".join(f"{k}{'*' if k in relevant else ''}" for k in ids[:TOP])
            missed = " ".join(sorted(relevant - set(ids[:TOP])))
            print(f"{nid} P@5={hits5}/5  {title[:48]:<48} {marks}" + (f"  gemist: {missed}" if missed else ""))
    n = len(needs)
    print(f"evaluatieset: {n} noden, {len(offers)} aanbiedingen, {len(partners)} partners")
    print(f"precision@5           {p5 / n:.3f}")
    print(f"precision@5 (haalbaar) {p5_cap / n:.3f}")
    print(f"nDCG@10               {ndcg / n:.3f}")
    print(f"recall@10             {recall / n:.3f}")
    return p5 / n, ndcg / n


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="toon de rangschikking per nood")
    evaluate(parser.parse_args().verbose)
