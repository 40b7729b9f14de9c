"""Search benchmark: our search on PostgreSQL and on SQLite, each beside the same raw SQL, in one run.

    .venv/bin/python bench/search.py [--sizes 100000] [--rounds 5] [--engines postgresql sqlite]
                                     [--pg-url postgres://127.0.0.1:5432/bench_h14a]

The parent process runs one child per engine (Django reads its database from the environment): SQLite in
var/bench/<engine>/, PostgreSQL in its own database (created when missing; never the shared `test`
database). Each child writes synthetic offers with the catalogue's 15 facets straight into a bench index
(``store.replace_all``: going through the catalogue's models costs ~4 ms per offer) and measures:

* the query mix (broad, rare and two words, a prefix being typed, 0/2/4 facet filters, radius, sorts on
  distance, date and newest): each query asks for the first page (20 hits) and the counts of all 15
  facets, uncached (``use_cache=False``); p50/p95 overall and of "text + 2 filters";
* the raw SQL: the very statements our search sent for each query (captured once), replayed on the
  driver's own cursor; the ratio is our overhead (parsing, building SQL, turning rows into results);
* the landing page (no text, default sort) from the shared cache, and uncached;
* memory: a fresh worker process's RSS after its first search, and after 1,000 varied searches;
* no stall after writes: the mix's p95 while another process edits and archives offers (one transaction
  per change, as the catalogue's services do), beside the quiet p95.

Targets (PostgreSQL, 100k offers, 2-core machine): text + 2 filters p95 <= 150 ms; cached landing page
p95 <= 20 ms; overhead <= 1.3x the raw SQL; RSS growth <= 30 MB; p95 under writes <= 2x quiet.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_PG = "postgres://127.0.0.1:5432/bench_h14a"


def log(text):
    print(text, flush=True)


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--engines", nargs="+", default=["postgresql", "sqlite"], choices=["postgresql", "sqlite"])
    parser.add_argument("--pg-url", default=DEFAULT_PG, help="Eigen PostgreSQL-databank voor de benchmark.")
    parser.add_argument("--dir", default="var/bench", help="Map voor de wegwerpdatabank en de cache.")
    parser.add_argument("--searches", type=int, default=1000, help="Zoekopdrachten voor de geheugenmeting.")
    parser.add_argument("--per-query", action="store_true", help="Toon ook de mediaan per query.")
    parser.add_argument("--engine", help=argparse.SUPPRESS)  # a child: this engine only
    parser.add_argument("--role", default="bench", help=argparse.SUPPRESS)  # bench | memory | writer
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=30, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def child_env(args, engine):
    env = dict(os.environ)
    folder = (ROOT / args.dir / engine).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    env["INNOVET_VAR_DIR"] = str(folder)
    env.pop("INNOVET_DEBUG", None)  # no query logging while we measure
    env.setdefault("INNOVET_SECRET_KEY", "bench-only-not-a-secret")
    env.setdefault("INNOVET_LOG_LEVEL", "WARNING")
    env["DJANGO_SETTINGS_MODULE"] = "innovet.settings"
    if engine == "postgresql":
        env["DATABASE_URL"] = args.pg_url
    else:
        env.pop("DATABASE_URL", None)
        env["INNOVET_SQLITE_PATH"] = str(folder / "search-bench.sqlite3")
    return env


def spawn(args, engine, role, size, extra=(), wait=True):
    cmd = [sys.executable, __file__, "--engine", engine, "--role", role, "--size", str(size), "--dir", args.dir]
    cmd += ["--rounds", str(args.rounds), "--searches", str(args.searches), "--pg-url", args.pg_url, *extra]
    if args.per_query:
        cmd.append("--per-query")
    if wait:
        return subprocess.run(cmd, env=child_env(args, engine), check=True)
    return subprocess.Popen(cmd, env=child_env(args, engine))


def ensure_pg_database(url):
    import dj_database_url
    import psycopg

    c = dj_database_url.parse(url)
    with psycopg.connect(
        host=c["HOST"], port=c["PORT"] or 5432, dbname="postgres", user=c["USER"] or None, autocommit=True
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [c["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{c["NAME"]}"')


def parent(args):
    log(f"Zoekbenchmark op {os.cpu_count()} cores, engines: {', '.join(args.engines)}")
    log("Belasting (load average 1/5/15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    results = []
    for size in sorted(args.sizes):
        for engine in args.engines:
            if engine == "postgresql":
                ensure_pg_database(args.pg_url)
            out = (ROOT / args.dir / f"result-{engine}-{size}.json").resolve()
            log(f"\n== {engine}, {size:,} aanbiedingen ==".replace(",", "."))
            spawn(args, engine, "bench", size, ["--out", str(out)])
            results.append(json.loads(out.read_text()))
    log("\nSamenvatting (ms)                    p50     p95  ruw p95 overhead | tekst+2f p95 | landing cache p95"
        " | RSS vers/na (MB)  | p95 stil/schrijvend")  # fmt: skip
    for r in results:
        line = (
            f"  {r['engine']:<10} {r['size']:>9,}  {r['p50']:7.1f} {r['p95']:7.1f} {r['raw_p95']:8.1f}"
            f"   {r['p95'] / r['raw_p95']:4.2f}x | {r['text2_p95']:9.1f}    | {r['landing_cached_p95']:9.2f}"
            f"         | {r['rss_fresh']:6.1f} / {r['rss_after']:6.1f} | {r['quiet_p95']:6.1f} / {r['busy_p95']:6.1f}"
        )
        log(line.replace(",", "."))
    log("load average: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


# --- inside a child: Django with the engine's database -------------------------------------------
def setup_django():
    import django

    django.setup()


if __name__ == "__main__" and "--engine" not in sys.argv:
    parent(parse_args())
    sys.exit(0)

setup_django()

from datetime import timedelta  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from innovet.search import services, store  # noqa: E402
from innovet.search.models import IndexedDocument  # noqa: E402
from innovet.search.query import SearchQuery  # noqa: E402
from innovet.search.registry import Document, Facet, SearchIndex, get_index, register  # noqa: E402

INDEX = "bench_offers"
GENT = (51.0543, 3.7174)
HASSELT = (50.9307, 5.3325)
ANTWERPEN = (51.2194, 4.4025)
PER_PAGE = 20


# --- data ---------------------------------------------------------------------------------------
class BenchIndex(SearchIndex):
    """The catalogue's offer facets, fed with synthetic documents (never with your real offers)."""

    name = INDEX

    def __init__(self, facets):
        self.facets = facets

    def get_queryset(self):
        return []

    def to_document(self, obj):
        return obj


def bench_index():
    try:
        facets = get_index("offers").facets  # the catalogue's OfferIndex
    except LookupError:
        facets = [Facet(n, n, hierarchical=(n == "thema")) for n in FALLBACK_FACETS]
    index = BenchIndex(facets)
    register(index)
    return index


FALLBACK_FACETS = [
    "provincie", "soort", "pijler", "thema", "transitie", "studiedomein", "graad", "onderwijsvorm", "nood",
    "voorwie", "kost", "maand", "moment", "locatietype", "merkneutraal",
]  # fmt: skip


PROVIDERS = [
    "Constructiv", "Educam", "Agoria", "Syntra West", "VDAB Gent", "Volta", "Alimento", "Co-valent", "Cevora",
    "Coiffure.org", "RTC Limburg", "RTC Antwerpen", "Howest", "Thomas More",
]  # fmt: skip


class Synthetic:
    """Deterministic synthetic offers with the catalogue generator's vocabulary and real reference codes."""

    def __init__(self):
        from innovet.catalogue import scale as catalogue_scale
        from innovet.geo.models import Postcode
        from innovet.taxonomy.models import Term

        self.subjects = catalogue_scale.SUBJECTS
        self.formats = catalogue_scale.FORMATS
        self.audiences = catalogue_scale.AUDIENCE_WORDS

        def codes(vocabulary):
            return list(Term.objects.of(vocabulary).filter(active=True).values_list("code", flat=True))

        self.kinds, self.pillars = codes("aanbodsoort"), codes("pijler")
        self.priorities, self.domains = codes("transitieprioriteit"), codes("studiedomein")
        self.grades, self.forms, self.needs = codes("graad"), codes("onderwijsvorm"), codes("noodtype")
        self.location_types = codes("locatietype")
        self.themes = [
            f"{p}/{c}"
            for p, c in Term.objects.of("thema").filter(parent__isnull=False).values_list("parent__code", "code")
        ]
        self.places = list(
            Postcode.objects.filter(province__in_scope=True).values_list(
                "municipality", "province__slug", "latitude", "longitude"
            )
        )
        self.providers = [
            "Constructiv",
            "Educam",
            "Agoria",
            "Syntra West",
            "VDAB Gent",
            "Volta",
            "Alimento",
            "Co-valent",
            "Cevora",
            "Coiffure.org",
            "RTC Limburg",
            "RTC Antwerpen",
            "Howest",
            "Thomas More",
        ]
        self.now = timezone.now()
        self.today = timezone.localdate()

    def document(self, i):
        r = random.Random(i * 7919 + 17)
        word, subject, field = r.choice(self.subjects)
        municipality, province, lat, lon = r.choice(self.places)
        points = [(lat + r.uniform(-0.02, 0.02), lon + r.uniform(-0.03, 0.03))]
        if r.random() < 0.15:
            _m, _p, lat2, lon2 = r.choice(self.places)
            points.append((lat2, lon2))
        online = r.random() < 0.07
        start = self.today + timedelta(days=r.randint(-60, 300))
        dates = [start + timedelta(days=7 * k) for k in range(r.randint(1, 3))]
        cost = r.choice([0, 0, 45, 75, 95, 150, 350])
        provider = r.choice(self.providers)
        return Document(
            pk=i,
            title=f"{r.choice(self.formats)} {word} {r.choice(self.audiences)}",
            body=(
                f"Leerkrachten leren {subject} in een echte {field}omgeving bij {provider} in {municipality}. "
                f"Ze werken met de nieuwste toestellen en vertalen wat ze leren naar lessen voor leerlingen van "
                f"het TSO en BSO. Na afloop kan de leerkracht {subject} demonstreren en inpassen in het leerplan. "
                f"Aanbod nummer {i}."
            ),
            facets={
                "provincie": [province],
                "soort": [r.choice(self.kinds)],
                "pijler": [r.choice(self.pillars)],
                "thema": r.sample(self.themes, 2),
                "transitie": [r.choice(self.priorities)],
                "studiedomein": [r.choice(self.domains)],
                "graad": r.sample(self.grades, r.randint(1, 2)),
                "onderwijsvorm": r.sample(self.forms, r.randint(1, 2)),
                "nood": [r.choice(self.needs)],
                "voorwie": r.choice([["individueel"], ["team"], ["individueel", "team"]]),
                "kost": ["gratis" if cost == 0 else "binnen-budget" if cost <= 100 else "boven-budget"],
                "maand": sorted({f"{d:%Y-%m}" for d in dates}),
                "moment": [r.choice(["binnen", "buiten"])],
                "locatietype": ["online"] if online else [r.choice(self.location_types[:-1])],
                "merkneutraal": ["ja" if r.random() > 0.15 else "nee"],
            },
            points=[] if online else points,
            dates=dates,
            published_at=self.now - timedelta(days=r.randint(0, 700), minutes=r.randint(0, 1440)),
            boost=0.5 if r.random() < 0.1 else 1.0,
        )

    def documents(self, n):
        for i in range(1, n + 1):
            yield self.document(i)


# --- the query mix ------------------------------------------------------------------------------
def top_values(facet, n):
    result = services.search(INDEX, SearchQuery(per_page=1, with_suggestion=False), use_cache=False)
    return [value for value, _count in dict(result.facets).get(facet, [])][:n]


def query_mix():
    province = top_values("provincie", 2)
    kinds = top_values("soort", 3)
    grades = top_values("graad", 2)
    forms = top_values("onderwijsvorm", 1)
    two = {"provincie": province[:1], "graad": grades[:1]}
    four = {
        "provincie": province[:2],
        "soort": kinds[:2],
        "graad": grades[:1],
        "merkneutraal": ["ja"],
    }
    return [
        ("breed woord", dict(text="leerkrachten")),
        ("breed woord", dict(text="opleiding")),
        ("breed woord + 2 facetten", dict(text="leerkrachten", filters=two)),
        ("zeldzaam woord", dict(text="haarkleuring")),
        ("zeldzaam woord", dict(text="31337")),
        ("twee woorden", dict(text="warmtepompen onderhoud")),
        ("twee woorden", dict(text="lassen roestvast")),
        ("prefix (typen)", dict(text="zonnep")),
        ("0 facetten, geen tekst", dict()),
        ("2 facetten", dict(filters=two)),
        (
            "2 facetten + woord",
            dict(text="automatisering", filters={"kost": ["gratis", "binnen-budget"], "onderwijsvorm": forms}),
        ),
        ("4 facetten", dict(filters=four)),
        ("4 facetten + woord", dict(text="leerkrachten", filters=four)),
        ("afstand 25 km", dict(near=GENT, radius_km=25)),
        ("afstand 25 km, sort afstand", dict(near=GENT, radius_km=25, sort="distance")),
        ("afstand + woord", dict(text="cobots", near=HASSELT, radius_km=30, sort="distance")),
        ("afstand + 2 facetten", dict(near=ANTWERPEN, radius_km=20, filters=two)),
        ("sort datum + woord", dict(text="workshop", sort="date")),
        ("sort nieuwste", dict(text="praktijkdag", sort="newest")),
    ]


def ensure_data(index, size):
    """Fill the bench index with `size` synthetic offers; reuse what is there (same size, same day)."""
    marker = Path(os.environ["INNOVET_VAR_DIR"]) / f"{INDEX}-built.json"
    state = json.loads(marker.read_text()) if marker.exists() else {}
    wanted = {"size": size, "day": str(timezone.localdate()), "analysis": services.ANALYSIS_VERSION}
    stored = IndexedDocument.objects.filter(index_name=index.name).count()
    if state == wanted and stored == size:
        return
    started = time.perf_counter()
    with transaction.atomic():
        store.replace_all(index, Synthetic().documents(size))
        services.touch(index.name)
    log(f"  {size:,} aanbiedingen geschreven in {time.perf_counter() - started:.0f} s".replace(",", "."))
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: the visibility map lets counts read indexes only.
        with connection.cursor() as cursor:
            for table in ("search_indexeddocument", "search_match", "search_documentpoint"):
                cursor.execute(f"VACUUM (ANALYZE) {table}")
    marker.write_text(json.dumps(wanted))


def make_query(spec):
    return SearchQuery(per_page=PER_PAGE, **spec)


def percentiles(samples):
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return p50 * 1000, p95 * 1000


def timed(fn, rounds):
    fn()  # warm-up (page cache, the shared cache's facet totals)
    out = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def bench_ours(mix, rounds):
    return [
        (label, timed(lambda spec=spec: services.search(INDEX, make_query(spec), use_cache=False), rounds))
        for label, spec in mix
    ]


def bench_raw(mix, rounds):
    """Replay the exact SQL our search sent for each query on the driver's own cursor (no Django)."""
    per_query = []
    for label, spec in mix:
        services.search(INDEX, make_query(spec), use_cache=False)  # the totals are in the shared cache
        with CaptureQueriesContext(connection) as captured:
            services.search(INDEX, make_query(spec), use_cache=False)
        statements = [q["sql"] for q in captured.captured_queries]

        def replay(statements=statements):
            cursor = connection.connection.cursor()
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

        per_query.append((label, timed(replay, rounds)))
    return per_query


def summary(per_query, labels=None):
    return percentiles([s for label, samples in per_query for s in samples if labels is None or label in labels])


TEXT_AND_TWO = ("breed woord + 2 facetten", "2 facetten + woord")


def landing_query():
    # The catalogue's first page: no text, sorted on the next date, all facets.
    return SearchQuery(sort="date", per_page=PER_PAGE)


def varied_queries(mix, n):
    """n different searches: the mix's specs on other pages and with other words."""
    rng = random.Random(5)
    extra_words = ["lassen", "robot", "pomp", "hout", "zorg", "elektriciteit", "koken", "isolatie", "cnc", "verf"]
    for i in range(n):
        _label, spec = mix[i % len(mix)]
        spec = dict(spec)
        if rng.random() < 0.5:
            spec["text"] = (spec.get("text", "") + " " + rng.choice(extra_words)).strip()
        yield SearchQuery(per_page=PER_PAGE, page=1 + i % 4, **spec)


def role_memory(args, index):
    mix = query_mix()
    services.search(INDEX, make_query(mix[0][1]), use_cache=False)
    fresh = rss_mb()
    for query in varied_queries(mix, args.searches):
        services.search(INDEX, query, use_cache=False)
    print(json.dumps({"rss_fresh": fresh, "rss_after": rss_mb()}), flush=True)


def role_writer(args, index):
    """Edit and archive offers, one committed transaction per change, until the time is up."""
    synthetic = Synthetic()
    rng = random.Random(11)
    archived = []
    changes = 0
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        pk = rng.randint(1, args.size)
        if rng.random() < 0.3:
            services.remove_object(INDEX, pk)  # archived: no longer findable
            archived.append(pk)
        elif archived and rng.random() < 0.3:
            services.index_object(INDEX, synthetic.document(archived.pop()))  # back from the archive
        else:
            doc = synthetic.document(pk)
            doc.title = f"{doc.title} (bijgewerkt)"
            doc.facets["soort"] = [rng.choice(synthetic.kinds)]
            services.index_object(INDEX, doc)
        changes += 1
        time.sleep(0.05)
    for pk in archived:
        services.index_object(INDEX, synthetic.document(pk))
    print(json.dumps({"changes": changes}), flush=True)


def role_bench(args, index):
    size = args.size
    ensure_data(index, size)
    mix = query_mix()
    out = {"engine": connection.vendor, "size": size}
    ours = bench_ours(mix, args.rounds)
    raw = bench_raw(mix, args.rounds)
    out["p50"], out["p95"] = summary(ours)
    out["raw_p50"], out["raw_p95"] = summary(raw)
    out["text2_p50"], out["text2_p95"] = summary(ours, TEXT_AND_TWO)
    out["raw_text2_p50"], out["raw_text2_p95"] = summary(raw, TEXT_AND_TWO)
    log(
        f"  ons       p50 {out['p50']:7.1f} ms  p95 {out['p95']:7.1f} ms | ruwe SQL p50 {out['raw_p50']:7.1f} ms"
        f"  p95 {out['raw_p95']:7.1f} ms | overhead p50 {out['p50'] / out['raw_p50']:4.2f}x"
        f"  p95 {out['p95'] / out['raw_p95']:4.2f}x"
    )
    log(
        f"  tekst + 2 facetten: p50 {out['text2_p50']:7.1f} ms  p95 {out['text2_p95']:7.1f} ms"
        f" | ruwe SQL p95 {out['raw_text2_p95']:7.1f} ms"
    )
    if args.per_query:
        for (label, s_ours), (_l, s_raw) in zip(ours, raw, strict=True):
            log(
                f"      {label:<30} ons {statistics.median(s_ours) * 1000:7.1f} ms"
                f"   ruw {statistics.median(s_raw) * 1000:7.1f} ms"
            )
    # The landing page, from the shared cache (and, for reference, asked of the database).
    services.search(INDEX, landing_query())
    rounds = max(20, args.rounds * 10)
    cached = timed(lambda: services.search(INDEX, landing_query()), rounds)
    uncached = timed(lambda: services.search(INDEX, landing_query(), use_cache=False), args.rounds)
    out["landing_cached_p50"], out["landing_cached_p95"] = percentiles(cached)
    out["landing_p50"], out["landing_p95"] = percentiles(uncached)
    log(
        f"  landingspagina uit de gedeelde cache p50 {out['landing_cached_p50']:.2f} ms"
        f"  p95 {out['landing_cached_p95']:.2f} ms; zonder cache p95 {out['landing_p95']:.1f} ms"
    )
    # Memory of a fresh worker process, before and after many varied searches.
    found = subprocess.run(
        [sys.executable, __file__, "--engine", connection.vendor, "--role", "memory", "--size", str(size)]
        + ["--searches", str(args.searches)],
        env=os.environ,
        check=True,
        capture_output=True,
        text=True,
    )
    memory = json.loads(found.stdout.strip().splitlines()[-1])
    out.update(memory)
    log(
        f"  geheugen van een verse worker: {memory['rss_fresh']:.1f} MB na de eerste zoekopdracht,"
        f" {memory['rss_after']:.1f} MB na {args.searches} gevarieerde"
        f" (+{memory['rss_after'] - memory['rss_fresh']:.1f} MB)"
    )
    # No stall after writes: the mix again while another process edits and archives offers.
    quiet = bench_ours(mix, args.rounds)
    seconds = max(20.0, 3 * sum(s for _l, samples in quiet for s in samples))
    writer = subprocess.Popen(
        [sys.executable, __file__, "--engine", connection.vendor, "--role", "writer", "--size", str(size)]
        + ["--seconds", str(seconds)],
        env=os.environ,
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)
    busy = []
    while writer.poll() is None:
        busy.extend(bench_ours(mix, 1))
    changes = json.loads(writer.stdout.read().strip().splitlines()[-1])["changes"]
    out["quiet_p50"], out["quiet_p95"] = summary(quiet)
    out["busy_p50"], out["busy_p95"] = summary(busy)
    out["changes"] = changes
    log(
        f"  tijdens schrijven ({changes} wijzigingen door een ander proces): p95 {out['busy_p95']:.1f} ms"
        f" tegen {out['quiet_p95']:.1f} ms stil ({out['busy_p95'] / out['quiet_p95']:.2f}x)"
    )
    log("  load average: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    if args.out:
        Path(args.out).write_text(json.dumps(out))


def child(args):
    call_command("migrate", verbosity=0)
    index = bench_index()
    {"bench": role_bench, "memory": role_memory, "writer": role_writer}[args.role](args, index)


if __name__ == "__main__":
    child(parse_args())
