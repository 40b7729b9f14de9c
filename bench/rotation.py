"""Speed and shape of the equipment rotation scheduler: 50 sets, 500 schools.

    .venv/bin/python bench/rotation.py [--sets 50] [--schools 500] [--per-school 10]

Schools are placed on real Flemish postcodes (innovet/geo/data/be_postcodes_geo.csv, seeded, deterministic);
each applies for ``--per-school`` sets (random, seeded), a fifth of them had the set before. The scheduler
is the application's own (innovet.equipment.scheduler), pure Python, no database. Prints the time for the
whole schedule (target < 1 s), then checks and figures: turns, overlaps within a set and per school (must be
0), mean travel between consecutive schools with the distance window (3) against fairness order only
(window 1), and the largest delay distance caused (in turns, at most window - 1). A second run has every
school apply for every set.
"""

import argparse
import csv
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("INNOVET_VAR_DIR", str(ROOT / "var" / "bench-rotation"))
os.environ.setdefault("INNOVET_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovet.settings")

import django  # noqa: E402

django.setup()  # the scheduler is pure Python; geo.haversine_km lives in a module that imports models

from innovet.equipment import scheduler  # noqa: E402

START = date(2027, 9, 1)


def postcodes():
    with open(ROOT / "innovet/geo/data/be_postcodes_geo.csv", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f)][1:]
    flemish = [r for r in rows if r[7] == "Vlaams Gewest" and r[8] and r[9]]
    return [(float(r[8]), float(r[9])) for r in flemish]


def data(n_sets, n_schools, per_school, rng):
    places = postcodes()
    schools = [rng.choice(places) for _ in range(n_schools)]
    sets = []
    for set_id in range(1, n_sets + 1):
        lat, lon = rng.choice(places)
        sets.append(scheduler.SetSpec(set_id, lat, lon, START, rng.choice([4, 5, 5, 5, 6])))
    applications = {s.set_id: [] for s in sets}
    for school_id, (lat, lon) in enumerate(schools, start=1):
        chosen = range(1, n_sets + 1) if per_school >= n_sets else rng.sample(range(1, n_sets + 1), per_school)
        for set_id in chosen:
            applied = date(2027, rng.randint(1, 6), rng.randint(1, 28))
            last = date(rng.randint(2019, 2026), 6, 30) if rng.random() < 0.2 else None
            applications[set_id].append(scheduler.Candidate(school_id, lat, lon, applied, last))
    return sets, applications


def check(turns, sets):
    overlaps = 0
    by_set, by_school = {}, {}
    for t in turns:
        by_set.setdefault(t.set_id, []).append(t)
        by_school.setdefault(t.school_id, []).append(t)
    for group in list(by_set.values()) + list(by_school.values()):
        group.sort(key=lambda t: t.starts_on)
        overlaps += sum(1 for a, b in zip(group, group[1:], strict=False) if b.starts_on <= a.ends_on)
    distances = [t.distance_km for t in turns if t.distance_km is not None]
    return overlaps, statistics.mean(distances) if distances else 0.0


def run(n_sets, n_schools, per_school, seed=2018):
    rng = random.Random(seed)
    sets, applications = data(n_sets, n_schools, per_school, rng)
    n_apps = sum(len(v) for v in applications.values())
    t0 = time.perf_counter()
    turns = scheduler.schedule(sets, applications)
    elapsed = time.perf_counter() - t0
    overlaps, mean_km = check(turns, sets)
    t0 = time.perf_counter()
    fair = scheduler.schedule(sets, applications, window=1)
    elapsed_fair = time.perf_counter() - t0
    _overlaps_fair, mean_km_fair = check(fair, sets)
    max_rank = max(t.rank for t in turns)
    last_end = max(t.ends_on for t in turns)
    again = scheduler.schedule(sets, applications)
    print(f"{n_sets} sets, {n_schools} schools, {n_apps} applications")
    print(f"  schedule (window 3):      {elapsed * 1000:8.1f} ms  -> {len(turns)} turns, until {last_end}")
    print(f"  fairness only (window 1): {elapsed_fair * 1000:8.1f} ms")
    print(f"  overlaps (per set and per school): {overlaps}")
    print(f"  mean distance between consecutive schools: {mean_km:6.1f} km (fairness only: {mean_km_fair:6.1f} km)")
    print(f"  most places a school was passed by for distance in one turn: {max_rank} (rule: at most window - 1 = 2)")
    print(f"  deterministic (same input, same schedule): {again == turns}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", type=int, default=50)
    parser.add_argument("--schools", type=int, default=500)
    parser.add_argument("--per-school", type=int, default=10)
    args = parser.parse_args()
    elapsed = run(args.sets, args.schools, args.per_school)
    print(f"target < 1 s: {'OK' if elapsed < 1 else 'TOO SLOW'}")
    print()
    print("stress (no target): every school applies for every set")
    run(args.sets, args.schools, args.sets)


if __name__ == "__main__":
    main()
