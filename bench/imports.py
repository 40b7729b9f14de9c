"""Benchmark for the catalogue import: check and commit of a generated spreadsheet of offers.

    .venv/bin/python bench/imports.py                          # SQLite in var/bench-imports/, 100,000 rows
    DATABASE_URL=postgres://127.0.0.1:5432/bench_imports .venv/bin/python bench/imports.py
    .venv/bin/python bench/imports.py --rows 20000 --format xlsx --publish

Target (issue 13): 100,000 rows checked and committed in <= 60 s on SQLite and on PostgreSQL, peak memory
<= 500 MB. Prints rows/s of each step, the process's peak resident memory (whole process, Django included) and
that of the helper process that writes every other chunk on PostgreSQL,
and on SQLite the longest wait of a concurrent small write (a login-like update every 50 ms) while the import
runs: the import never holds the write lock for long.
"""

import argparse
import csv
import os
import random
import resource
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovet.settings")
os.environ.setdefault("INNOVET_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("INNOVET_LOG_LEVEL", "WARNING")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("INNOVET_VAR_DIR", str(ROOT / "var" / "bench-imports"))
    Path(os.environ["INNOVET_VAR_DIR"]).mkdir(parents=True, exist_ok=True)

SUBJECTS = [
    ("lassen", "MIG/MAG-lassen en TIG-lassen van roestvast staal"),
    ("PLC", "PLC-programmatie en industriële automatisering"),
    ("warmtepompen", "installatie en onderhoud van warmtepompen"),
    ("zonnepanelen", "plaatsing en keuring van zonnepanelen en omvormers"),
    ("cobots", "samenwerken met cobots op de werkvloer"),
    ("3D-printen", "3D-printen en additive manufacturing in de klas"),
    ("BIM", "BIM-modellering voor bouwprojecten"),
    ("hoogspanning", "veilig werken aan hoogspanning in elektrische wagens"),
    ("domotica", "domotica en slim wonen"),
    ("CNC", "CNC-frezen en CAD/CAM"),
    ("hydraulica", "hydraulica en pneumatica in onderhoud"),
    ("zorgtechnologie", "zorgtechnologie en zorgrobots in de ouderenzorg"),
]
FORMATS = ["Opleiding", "Workshop", "Bedrijfsstage", "Praktijkdag", "Leertraject", "Infosessie"]


def peak_mb(who=resource.RUSAGE_SELF):
    return resource.getrusage(who).ru_maxrss / 1024


def setup():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ensure_provider():
    from django.contrib.auth import get_user_model

    from innovet.geo.services import resolve_postcode
    from innovet.organisations.models import Membership, Organisation, OrganisationKind, Role

    place = resolve_postcode("8500")
    org, _ = Organisation.objects.get_or_create(
        slug="bench-import-aanbieder",
        defaults={
            "name": "Bench Aanbieder",
            "kind": OrganisationKind.COMPANY,
            "postcode": "8500",
            "province": place.province,
        },
    )
    user, _ = get_user_model().objects.get_or_create(email="bench-import@innovet.test")
    Membership.objects.get_or_create(
        user=user, organisation=org, defaults={"role": Role.COMPANY_CONTACT, "is_manager": True}
    )
    return org, user


def generate_rows(n, seed=13):
    """Realistic rows in the template's columns: labels and codes mixed, Belgian numbers, 1–3 sessions."""
    from innovet.catalogue import importer
    from innovet.geo.models import Postcode
    from innovet.taxonomy.models import Term

    rng = random.Random(seed)

    def labels(code, **filters):
        terms = list(Term.objects.of(code).filter(active=True, **filters))
        return [t.label if i % 2 else t.code for i, t in enumerate(terms)]

    kinds, pillars = labels("aanbodsoort"), labels("pijler")
    themes = labels("thema", parent__isnull=False)
    priorities, domains, grades = labels("transitieprioriteit"), labels("studiedomein"), labels("graad")
    forms, needs = ["TSO", "BSO", "Duaal"], labels("noodtype")
    location_types = [t for t in Term.objects.of("locatietype").filter(active=True)]
    postcodes = list(Postcode.objects.filter(province__in_scope=True).values_list("code", flat=True).distinct())
    for i in range(n):
        word, subject = rng.choice(SUBJECTS)
        location_type = rng.choice(location_types)
        address = not (location_type.data or {}).get("online") and not (location_type.data or {}).get("at_school")
        day = rng.randint(1, 28)
        month = rng.randint(1, 12)
        sessions = "; ".join(
            f"{day:02d}/{month:02d}/{2027 + s} {h:02d}:00-{h + 3:02d}:30"
            for s, h in enumerate(rng.sample([9, 10, 13, 17], rng.randint(1, 3)))
        )
        row = {
            "titel": f"{rng.choice(FORMATS)} {word} – reeks {i + 1}",
            "korte omschrijving": f"Leerkrachten leren {subject} in een echte bedrijfsomgeving.",
            "omschrijving": f"In dit aanbod maken leerkrachten kennis met {subject}. Ze werken met de nieuwste "
            f"toestellen en vertalen wat ze leren naar lessen voor het TSO en BSO. Aanbod {i + 1}.",
            "doelen": f"Na afloop kan de leerkracht {subject} demonstreren.",
            "soort": rng.choice(kinds),
            "pijler": rng.choice(pillars),
            "thema's": "; ".join(rng.sample(themes, 2)),
            "transitieprioriteiten": rng.choice(priorities),
            "studiedomeinen": rng.choice(domains),
            "graden": "; ".join(rng.sample(grades, rng.randint(1, 2))),
            "onderwijsvormen": "; ".join(rng.sample(forms, rng.randint(1, 2))),
            "type nood": rng.choice(needs),
            "voor wie": rng.choice(["individueel", "team", "beide"]),
            "kostprijs": rng.choice(["0", "45", "75,50", "1.250,00", "€ 95", "120"]),
            "duur (uren)": rng.choice(["3", "6", "7,5", "14"]),
            "periode": "schooljaar 2027-2028",
            "aantal plaatsen": rng.choice(["", "8", "12", "20"]),
            "locatietype": location_type.label,
            "locatienaam": f"Opleidingscentrum {word}" if address else "",
            "straat": f"Industrielaan {rng.randint(1, 200)}" if address else "",
            "postcode": rng.choice(postcodes) if address else "",
            "sessies": sessions,
            "merkneutraal": "ja",
            "inschrijven (link)": f"https://www.example.be/aanbod/{i + 1}",
            "contactpersoon": "An Peeters",
            "e-mail contactpersoon": "an.peeters@example.be",
            "geldig vanaf": "01/09/2026",
            "geldig tot": "30/06/2030",
        }
        yield [row.get(h, "") for h in importer.HEADERS]


def write_file(path, n, fmt):
    from innovet.catalogue import importer

    if fmt == "csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, delimiter=";")
            writer.writerow(importer.HEADERS)
            writer.writerows(generate_rows(n))
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Aanbod")
        sheet.append(importer.HEADERS)
        for row in generate_rows(n):
            sheet.append(row)
        workbook.save(path)


class WriteProbe(threading.Thread):
    """A small write every 50 ms on its own connection; records the longest wait (SQLite's single writer)."""

    def __init__(self, user_id):
        super().__init__(daemon=True)
        self.user_id, self.longest, self.failures, self.stop = user_id, 0.0, 0, threading.Event()

    def run(self):
        from django.contrib.auth import get_user_model
        from django.db import OperationalError, connection
        from django.utils import timezone

        while not self.stop.is_set():
            started = time.perf_counter()
            try:
                get_user_model().objects.filter(pk=self.user_id).update(last_login=timezone.now())
            except OperationalError:
                self.failures += 1
            self.longest = max(self.longest, time.perf_counter() - started)
            time.sleep(0.05)
        connection.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--publish", action="store_true", help="publish (and index) the imported offers")
    parser.add_argument("--keep", action="store_true", help="keep the imported offers (default: removed after)")
    args = parser.parse_args()
    setup()
    from django.core.files import File
    from django.db import connection

    from innovet.catalogue import services
    from innovet.catalogue.models import ImportJob, Offer

    org, user = ensure_provider()
    var = Path(os.environ.get("INNOVET_VAR_DIR", ROOT / "var" / "bench-imports"))
    var.mkdir(parents=True, exist_ok=True)
    path = var / f"bench-{args.rows}.{args.format}"
    if not path.exists():
        started = time.perf_counter()
        write_file(path, args.rows, args.format)
        print(f"generated {path.name}: {path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")
    before = Offer.objects.count()
    baseline = peak_mb()
    with open(path, "rb") as fh:
        job = ImportJob.objects.create(
            organisation=org,
            uploaded_by=user,
            file=File(fh, name=path.name),
            original_name=path.name,
            publish=args.publish,
        )
    probe = WriteProbe(user.pk) if connection.vendor == "sqlite" else None
    if probe:
        probe.start()
    started, cpu = time.perf_counter(), time.process_time()
    services.check_import(job.pk)
    check_s, check_cpu = time.perf_counter() - started, time.process_time() - cpu
    job.refresh_from_db()
    assert job.state == ImportJob.State.READY, (job.state, job.errors[:3])
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.IMPORTING)
    started, cpu = time.perf_counter(), time.process_time()
    services.run_import(job.pk)
    commit_s, commit_cpu = time.perf_counter() - started, time.process_time() - cpu
    job.refresh_from_db()
    if probe:
        probe.stop.set()
        probe.join()
    assert job.state == ImportJob.State.DONE, (job.state, job.errors[:3])
    created = Offer.objects.count() - before
    total = check_s + commit_s
    n = job.total_rows
    print(
        f"database: {connection.vendor}; file: {args.format}, {path.stat().st_size / 1e6:.1f} MB; "
        f"{n} rows; publish={args.publish}"
    )
    print(f"check : {check_s:6.1f} s  {n / check_s:8.0f} rows/s   (this process's CPU: {check_cpu:.1f} s)")
    print(
        f"commit: {commit_s:6.1f} s  {n / commit_s:8.0f} rows/s   (this process's CPU: {commit_cpu:.1f} s;"
        f" {created} offers created)"
    )
    print(f"total : {total:6.1f} s  {n / total:8.0f} rows/s   target <= 60 s: {'OK' if total <= 60 else 'MISSED'}")
    print(
        f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        " (wall times grow with the load; the CPU times less so)"
    )
    print(
        f"peak memory (process RSS): {peak_mb():.0f} MB (Django loaded: {baseline:.0f} MB)   target <= 500 MB: "
        f"{'OK' if peak_mb() <= 500 else 'MISSED'}"
    )
    helper = peak_mb(resource.RUSAGE_CHILDREN)
    if helper:  # the second writer of a large import on PostgreSQL (services.run_import): a process of its own
        print(f"peak memory of the helper process that wrote every other chunk: {helper:.0f} MB")
    if probe:
        print(
            f"concurrent small write during the import: longest wait {probe.longest * 1000:.0f} ms, "
            f"{probe.failures} failed"
        )
    if not args.keep:
        started = time.perf_counter()
        services._undo_import(job.created_offer_ids)
        print(f"(removed the imported offers again in {time.perf_counter() - started:.1f} s)")
    job.file.delete(save=False)
    if job.records:
        job.records.delete(save=False)
    job.delete()


if __name__ == "__main__":
    main()
