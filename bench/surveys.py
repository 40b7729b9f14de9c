"""Benchmark for the survey engine: reports and CSV export on 100 000 responses to the study's
questionnaire with closed questions (Bijlage 2.2).

    .venv/bin/python bench/surveys.py                 # SQLite in var/bench-surveys/ (generated once, reused)
    DATABASE_URL=postgres://127.0.0.1:5432/bench_surveys .venv/bin/python bench/surveys.py
    .venv/bin/python bench/surveys.py --responses 20000 --regenerate

Targets (issue 6): funnel + all frequencies + one cross-tab <= 2 s; CSV export of 100k responses <= 30 s
with bounded memory (streamed in chunks; peak Python memory printed from tracemalloc).
"""

import argparse
import os
import random
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovet.settings")
os.environ.setdefault("INNOVET_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("INNOVET_LOG_LEVEL", "WARNING")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("INNOVET_VAR_DIR", str(ROOT / "var" / "bench-surveys"))
    Path(os.environ["INNOVET_VAR_DIR"]).mkdir(parents=True, exist_ok=True)

TITLE = "Benchmark – bedrijvenbevraging (Bijlage 2.2)"


def setup():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ensure_data(count, regenerate):
    from django.contrib.auth import get_user_model

    from innovet.geo.services import resolve_postcode
    from innovet.organisations.models import Membership, Organisation, OrganisationKind, Role
    from innovet.surveys import services, synthetic
    from innovet.surveys.models import Survey, SurveyTemplate

    survey = Survey.objects.filter(title=TITLE).first()
    if survey and not regenerate and survey.responses.count() == count:
        return survey, False
    if survey:
        # Raw deletes: the ORM's cascade would load millions of answers into memory first.
        from django.db import connection

        from innovet.surveys.models import Answer, Code, Response, Tally

        with connection.cursor() as cursor:
            ids = f"SELECT id FROM {Response._meta.db_table} WHERE survey_id = %s"
            cursor.execute(
                f"DELETE FROM {Code.answers.through._meta.db_table} WHERE answer_id IN "
                f"(SELECT id FROM {Answer._meta.db_table} WHERE response_id IN ({ids}))",
                [survey.pk],
            )
            cursor.execute(f"DELETE FROM {Answer._meta.db_table} WHERE response_id IN ({ids})", [survey.pk])
            cursor.execute(f"DELETE FROM {Response._meta.db_table} WHERE survey_id = %s", [survey.pk])
        Tally.objects.filter(version__survey=survey).delete()
        survey.delete()
    location = resolve_postcode("9000")
    org, _ = Organisation.objects.get_or_create(
        slug="bench-rtc",
        defaults={
            "name": "Bench RTC",
            "kind": OrganisationKind.RTC,
            "postcode": "9000",
            "province": location.province,
        },
    )
    user, _ = get_user_model().objects.get_or_create(email="bench@innovet.test")
    Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": Role.RTC_STAFF})
    services.load_templates()
    template = SurveyTemplate.objects.get(key="bijlage-2-2-gesloten-vragen")
    survey = services.create_survey(user, org, TITLE, template)
    services.publish(user, survey)
    survey.refresh_from_db()
    started = time.perf_counter()
    synthetic.generate(survey, count, random.Random(2018), batch=5000, dropout=0.03, opened_extra=0.5)
    print(f"gegenereerd: {count} antwoordformulieren in {time.perf_counter() - started:.1f} s")
    return survey, True


def measure(survey):
    from django.db import connection

    from innovet.surveys import exports, selectors
    from innovet.surveys.models import Answer
    from innovet.surveys.structure import load_structure

    version = survey.current_version
    structure = load_structure(version)
    n_answers = Answer.objects.filter(question__version=version).count()
    print(f"database: {connection.vendor}; {survey.responses.count()} antwoordformulieren, {n_answers} antwoordrijen")

    timings = {}
    start = time.perf_counter()
    funnel = selectors.funnel(structure)
    timings["trechter"] = time.perf_counter() - start
    start = time.perf_counter()
    freqs = selectors.frequencies(structure)
    timings["alle frequenties"] = time.perf_counter() - start
    start = time.perf_counter()
    table = selectors.crosstab(structure, structure.by_key["nood_ondersteuning"], structure.by_key["werknemers"])
    timings["kruistabel nood_ondersteuning × werknemers"] = time.perf_counter() - start
    for name, seconds in timings.items():
        print(f"  {name:45s} {seconds:6.3f} s")
    total = sum(timings.values())
    print(f"rapport samen (doel <= 2 s): {total:.3f} s  {'OK' if total <= 2 else 'TE TRAAG'}")
    print(f"  controle: {funnel['completed']} volledig, {len(freqs)} vragen, kruistabel N = {table['total']}")

    # The export, first untraced (speed), then traced (peak Python memory; tracemalloc slows it down).
    start = time.perf_counter()
    size = rows = 0
    for chunk in exports.csv_stream(structure):
        size += len(chunk.encode("utf-8"))
        rows += chunk.count("\n")
    seconds = time.perf_counter() - start
    print(
        f"CSV-export (doel <= 30 s): {seconds:.1f} s, {rows - 1} rijen, {size / 1e6:.1f} MB  "
        f"{'OK' if seconds <= 30 else 'TE TRAAG'}"
    )
    tracemalloc.start()
    for _chunk in exports.csv_stream(structure):
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  piekgeheugen tijdens de export (tracemalloc): {peak / 1e6:.1f} MB (stroomt per 2000 formulieren)")
    import resource

    print(f"  maximaal RSS van dit proces: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup()
    if args.measure_only:
        from innovet.surveys.models import Survey

        measure(Survey.objects.get(title=TITLE))
        return
    _survey, generated = ensure_data(args.responses, args.regenerate)
    # Measure in a fresh process, so the generation's memory does not hide the export's.
    subprocess.run([sys.executable, __file__, "--measure-only"], check=True, env=os.environ.copy())
    del generated


if __name__ == "__main__":
    main()
