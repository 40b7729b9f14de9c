"""Material repository benchmark: search page, material page, OAI-PMH harvest pages and the zip package.

    .venv/bin/python bench/materials.py [--size 20000] [--rounds 20]

It uses its own throwaway SQLite database under var/bench (never your data): migrates it, generates
synthetic organisations/users and ``--size`` materials (``innovet.materials.scale``), rebuilds the
``materials`` search index (database backend) and then times, through Django's test client (full
request: middleware, permissions, templates):

- the search page: a fixed mix of text queries with 0-3 facet filters (first page + all facet counts);
- the material page of random published materials (as a visitor), and the author profile page;
- OAI-PMH: ListRecords in oai_dc and LOM (first page and a resumption page of 50 records), GetRecord;
- the zip package of a material with files (generated once).

Printed: p50 / p95 / max in milliseconds per kind and the SQL query count of one request.
Targets on the 2-core reference machine at 20,000 materials: search p95 <= 300 ms, material page
p95 <= 150 ms, OAI page of 50 records p95 <= 500 ms.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DIR.mkdir(parents=True, exist_ok=True)
os.environ["INNOVET_VAR_DIR"] = str(BENCH_DIR)
os.environ["INNOVET_SQLITE_PATH"] = str(BENCH_DIR / "materials-bench.sqlite3")
os.environ["INNOVET_MEDIA_ROOT"] = str(BENCH_DIR / "materials-media")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("INNOVET_DEBUG", None)
os.environ["INNOVET_TESTING"] = "1"  # locmem mail, immediate huey, plain static storage
os.environ.setdefault("INNOVET_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("INNOVET_LOG_LEVEL", "WARNING")
os.environ["DJANGO_SETTINGS_MODULE"] = "innovet.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from innovet.core.demo_registry import Context  # noqa: E402

QUERIES = [
    {"q": "warmtepomp"},
    {"q": "zonnepanelen", "graad": "3"},
    {"q": "plc sturing"},
    {"q": "cob"},
    {"studiedomein": "stem"},
    {"studiedomein": "stem", "licentie": "cc-by", "status": "gevalideerd"},
    {"thema": "industrie-4-0"},
    {"q": "isolatie", "thema": "duurzaamheid/isolatietechnieken", "onderwijsvorm": "TSO"},
    {"sorteer": "newest"},
    {"q": "haccp", "pagina": "2"},
]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def timed(client, url, params=None, rounds=1):
    out = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url, params or {})
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        out.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, params, response.status_code)
    return out


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, params or {})
    return len(ctx.captured_queries)


def report(name, values, queries):
    print(
        f"  {name:<34} p50 {statistics.median(values):7.1f} ms   p95 {pct(values, 95):7.1f} ms   "
        f"max {max(values):7.1f} ms   ({len(values)} requests, {queries} SQL queries)"
    )


def prepare(size):
    from innovet.materials import scale as material_scale
    from innovet.materials.models import Material
    from innovet.organisations import scale as organisation_scale
    from innovet.search import services as search_services

    call_command("migrate", verbosity=0)
    existing = Material.objects.filter(slug__startswith="synth-").count()
    if existing < size:
        started = time.perf_counter()
        ctx = Context(seed=42, scale=max(200, size // 20))
        if existing == 0:
            organisation_scale.generate(ctx)
        ctx.scale = size - existing
        material_scale.generate(ctx)
        print(f"generated {size - existing} materials in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        search_services.rebuild("materials")
        print(f"rebuilt the materials index in {time.perf_counter() - started:.1f} s")


def package_material():
    """One material with real files (5 PDFs of ~200 kB), for the zip package."""
    from django.core.files.base import ContentFile

    from innovet.materials import services
    from innovet.materials.demo import _pdf
    from innovet.materials.models import Author, Material
    from innovet.taxonomy.models import Term

    material = Material.objects.filter(slug="bench-pakket").first()
    if material is not None:
        return material
    author = Author.objects.select_related("user").first().user
    material = Material.objects.create(slug="bench-pakket", title="Benchmarkpakket", summary="Pakket met bestanden.")
    Author.objects.create(material=material, user=author)
    for i in range(5):
        content = _pdf(f"Deel {i}", ["regel " * 20] * 40) + b"%" + os.urandom(200_000)
        services.add_file(author, material, ContentFile(content, name=f"deel-{i}.pdf"), f"Deel {i}")
    services.publish_version(author, material, Term.objects.of("licentie").get(code="cc-by"), "Eerste versie.")
    return material


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    prepare(args.size)

    from innovet.materials import oai
    from innovet.materials.models import Author, Material

    client = Client(HTTP_HOST="127.0.0.1")
    published = list(Material.objects.published().values_list("slug", flat=True).order_by("?")[: args.rounds])
    print(f"\n{Material.objects.published().count()} published materials (SQLite, database search backend)")
    print(f"load average before measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")

    values = []
    for params in QUERIES:
        values += timed(client, "/lesmateriaal/", params, rounds=max(1, args.rounds // 5))
    report("search page (10 query mixes)", values, count_queries(client, "/lesmateriaal/", QUERIES[5]))

    values = []
    for slug in published:
        values += timed(client, f"/lesmateriaal/{slug}/")
    report("material page", values, count_queries(client, f"/lesmateriaal/{published[0]}/"))

    author_id = Author.objects.filter(material__published_at__isnull=False).values_list("user_id", flat=True).first()
    values = timed(client, f"/lesmateriaal/auteur/{author_id}/", rounds=args.rounds)
    report("author profile page", values, count_queries(client, f"/lesmateriaal/auteur/{author_id}/"))

    for prefix in ("oai_dc", "lom"):
        params = {"verb": "ListRecords", "metadataPrefix": prefix}
        values = timed(client, "/lesmateriaal/oai/", params, rounds=max(3, args.rounds // 2))
        report(f"OAI ListRecords {prefix} (50 records)", values, count_queries(client, "/lesmateriaal/oai/", params))
    first = client.get("/lesmateriaal/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"}).content
    token = first.split(b"<resumptionToken")[1].split(b">", 1)[1].split(b"<")[0].decode()
    params = {"verb": "ListRecords", "resumptionToken": token}
    values = timed(client, "/lesmateriaal/oai/", params, rounds=5)
    report("OAI ListRecords resumption page", values, count_queries(client, "/lesmateriaal/oai/", params))
    material = Material.objects.published().filter(slug__startswith="synth-").first()
    params = {"verb": "GetRecord", "metadataPrefix": "lom", "identifier": oai.identifier_for(material)}
    values = timed(client, "/lesmateriaal/oai/", params, rounds=args.rounds)
    report("OAI GetRecord lom", values, count_queries(client, "/lesmateriaal/oai/", params))

    pkg = package_material()
    url = f"/lesmateriaal/{pkg.slug}/pakket.zip"
    values = timed(client, url, rounds=max(3, args.rounds // 4))
    report("zip package (5 files, ~1 MB)", values, count_queries(client, url))


if __name__ == "__main__":
    main()
