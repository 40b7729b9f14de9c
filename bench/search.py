"""Search benchmark: our engine (database and tantivy backends) against the raw engines and a naive scan.

    .venv/bin/python bench/search.py [--sizes 100000 1000000] [--rounds 5] [--backends database tantivy]

For every size it writes synthetic offers straight into a bench index with the catalogue's 15 offer facets
(the texts of ``innovet.catalogue.scale``, real reference codes from the taxonomy, postcodes from geo): the
database copy (up to --database-max, default 100,000) and tantivy. Going through the catalogue's models
(``scale.generate`` + ``OfferIndex.to_document``) costs about 4 ms per offer, i.e. over an hour for 1M, so
the bench builds Documents directly. Then it runs a fixed mix of queries: broad words, rare
words, two words, a prefix being typed, 0/2/4 facet filters, a radius around a place and sorting on
distance or date. Every query asks for the first page (20 hits) and the counts of all 15 facets.

Printed per backend: p50/p95 over all queries and rounds, then the same work on the raw engine without
our code, the ratio ours/raw (our overhead), and a naive ``icontains`` scan (count + first page, no
facets) for reference. The raw engine:
* tantivy: the same queries, ranking and sorts prebuilt before timing, with the same ways of counting
  (aggregation, cached totals minus the rest, term-dictionary walks) in the same worker threads; for a
  radius the same edge check (fetch the edge cells' documents, haversine in numpy, a key set), since
  tantivy alone cannot tell what lies within 25 km. Left out: parsing, query building, prefix expansion
  and turning hits and counts into results, i.e. our code.
* database: the very SQL statements our backend ran, replayed on the sqlite3 connection. Ranking and
  counting happen in numpy by design, so there the ratio measures that work.

It uses its own throwaway SQLite database and index files under var/bench (never your data). Rerunning
with the same last size reuses what is there.
Targets on the 2-core reference machine: tantivy p95 <= 100 ms at 1M, database p95 <= 300 ms at 100k,
overhead <= 1.5x the raw engine.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# --dir is read before Django starts: the settings take their paths from the environment.
_dir_arg = sys.argv[sys.argv.index("--dir") + 1] if "--dir" in sys.argv[:-1] else "var/bench"
BENCH_DIR = (ROOT / _dir_arg).resolve()
BENCH_DIR.mkdir(parents=True, exist_ok=True)
os.environ["INNOVET_VAR_DIR"] = str(BENCH_DIR)
os.environ["INNOVET_SQLITE_PATH"] = str(BENCH_DIR / "search-bench.sqlite3")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("INNOVET_DEBUG", None)  # no query logging while we measure
os.environ.setdefault("INNOVET_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("INNOVET_LOG_LEVEL", "WARNING")
os.environ["DJANGO_SETTINGS_MODULE"] = "innovet.settings"

import django  # noqa: E402

django.setup()

from collections import Counter  # noqa: E402
from datetime import timedelta  # noqa: E402

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from tantivy import Occur, Order, Query  # noqa: E402

from innovet.search import services, store  # noqa: E402
from innovet.search.analysis import parse_query, stem, words  # noqa: E402
from innovet.search.backends import geocells, get_backend  # noqa: E402
from innovet.search.backends.tantivy_backend import (  # noqa: E402
    AGGREGATE_SHARE,
    AGGREGATE_TERMS,
    EDGE_FETCH,
    FACET_FIELDS,
    SPLIT_MIN,
    TantivyBackend,
)
from innovet.search.models import IndexedDocument, VocabularyWord  # noqa: E402
from innovet.search.query import SearchQuery  # noqa: E402
from innovet.search.registry import Document, Facet, SearchIndex, get_index, register  # noqa: E402

INDEX = "bench_offers"
GENT = (51.0543, 3.7174)
HASSELT = (50.9307, 5.3325)
ANTWERPEN = (51.2194, 4.4025)
PER_PAGE = 20


def log(text):
    print(text, flush=True)


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


def ensure_data(index, size, with_database):
    """Fill the bench index with `size` synthetic offers (database copy only when asked); reuse what is there."""
    marker = BENCH_DIR / f"{INDEX}-built.json"
    state = json.loads(marker.read_text()) if marker.exists() else {}
    wanted = {"size": size, "day": str(timezone.localdate())}
    same = {k: state.get(k) for k in wanted} == wanted
    stored = IndexedDocument.objects.filter(index_name=index.name).count()
    db_ok = same and (stored == size if with_database else state.get("vocabulary"))
    synthetic = Synthetic()
    if not db_ok:
        started = time.perf_counter()
        with transaction.atomic():
            if with_database:
                store.replace_all(index, synthetic.documents(size))
            else:
                store._delete_rows(index.name)
                vocabulary = Counter()
                for doc in synthetic.documents(size):
                    vocabulary.update(store.vocabulary_words(doc.title, doc.body))
                VocabularyWord.objects.filter(index_name=index.name).delete()
                VocabularyWord.objects.bulk_create(
                    [
                        VocabularyWord(index_name=index.name, word=w, stem=stem(w), doc_count=c)
                        for w, c in vocabulary.items()
                    ],
                    batch_size=5000,
                )
        what = "volledige kopie" if with_database else "enkel woordenschat"
        log(f"  databank ({what}): {time.perf_counter() - started:.0f} s")
    if not same or get_backend("tantivy").count(index) != size:
        started = time.perf_counter()
        count = get_backend("tantivy").rebuild(index, synthetic.documents(size))
        log(f"  tantivy: {count} documenten in {time.perf_counter() - started:.0f} s")
    marker.write_text(json.dumps({**wanted, "vocabulary": True}))


# --- the query mix ------------------------------------------------------------------------------
def top_values(facet, n, backend):
    result = services.search(INDEX, SearchQuery(per_page=1, with_suggestion=False), backend=backend)
    return [value for value, _count in dict(result.facets).get(facet, [])][:n]


def query_mix(with_database):
    backend = "database" if with_database else "tantivy"
    province = top_values("provincie", 2, backend)
    kinds = top_values("soort", 3, backend)
    grades = top_values("graad", 2, backend)
    forms = top_values("onderwijsvorm", 1, backend)
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


def make_query(spec):
    return SearchQuery(per_page=PER_PAGE, **spec)


# --- measuring ----------------------------------------------------------------------------------
def percentiles(samples):
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return p50 * 1000, p95 * 1000


def timed(fn, rounds):
    fn()  # warm-up (caches, page cache, lazily opened readers)
    out = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def bench_ours(backend, mix, rounds):
    per_query = []
    for label, spec in mix:
        samples = timed(lambda spec=spec: services.search(INDEX, make_query(spec), backend=backend), rounds)
        per_query.append((label, samples))
    return per_query


def bench_raw_database(mix, rounds):
    """Replay the exact SQL our backend ran for each query, straight on a cursor."""
    per_query = []
    for label, spec in mix:
        with CaptureQueriesContext(connection) as captured:
            services.search(INDEX, make_query(spec), backend="database")
        statements = [q["sql"] for q in captured.captured_queries]

        def replay(statements=statements):
            raw = connection.connection  # the sqlite3 connection itself, no Django in between
            for sql in statements:
                raw.execute(sql).fetchall()

        per_query.append((label, timed(replay, rounds)))
    return per_query


def raw_tantivy_queries(engine, spec):
    """The same search written directly against tantivy: prebuilt queries, no InnoVET code at query time."""
    schema = engine.schema
    parsed = parse_query(spec.get("text", ""))
    text = []
    for term in parsed.terms:
        text.append(
            Query.boolean_query(
                [
                    (Occur.Should, Query.boost_query(Query.term_query(schema, "title", term), 10.0)),
                    (Occur.Should, Query.term_query(schema, "body", term)),
                ]
            )
        )
    if parsed.prefix:
        text.append(
            Query.boolean_query(
                [
                    (Occur.Should, Query.boost_query(Query.regex_query(schema, "title", parsed.prefix + ".*"), 10.0)),
                    (Occur.Should, Query.regex_query(schema, "body", parsed.prefix + ".*")),
                ]
            )
        )
    # Counting needs no scores: one posting list per word from the title-and-body field.
    words_only = [Query.term_query(schema, "words", term) for term in parsed.terms]
    if parsed.prefix:
        words_only.append(Query.regex_query(schema, "words", parsed.prefix + ".*"))
    filters = {
        name: Query.term_set_query(schema, engine.facet_field[name], [f"{name}={x}" for x in v])
        for name, v in spec.get("filters", {}).items()
    }
    edge = None
    if spec.get("near"):
        # tantivy has no radius filter. As ours, the cells inside the circle are one term set, and the
        # documents in cells on its edge are fetched, measured (numpy) and kept by pk: without that check
        # the raw engine would answer another question.
        lat, lon = spec["near"]
        radius = float(spec["radius_km"])
        inner, border = geocells.cover(lat, lon, radius)
        inner_q = Query.term_set_query(schema, "cell", list(inner))
        border_q = Query.term_set_query(schema, "cell", list(border))
        candidates = Query.boolean_query(
            [(Occur.Must, q) for q in words_only] + [(Occur.Must, border_q), (Occur.MustNot, inner_q)]
        )

        def edge(searcher):
            found = searcher.search(candidates, limit=EDGE_FETCH, count=True)
            if found.count > EDGE_FETCH:
                found = searcher.search(candidates, limit=found.count, count=False)
            addresses = [a for _, a in found.hits]
            # The same distances from the point fast fields (plain numpy, no query logic).
            best = TantivyBackend._distances(searcher, addresses, (lat, lon))
            keep = [addresses[i] for i in np.flatnonzero(best <= radius)]
            keys = Query.term_set_query(schema, "key", list(map(str, searcher.fast_field_values("pk", keep))))
            return [Query.boolean_query([(Occur.Should, inner_q), (Occur.Should, keys)])]

    def build(geo):
        def combine(exclude=None, text=text):
            clauses = [(Occur.Must, q) for q in text]
            clauses += [(Occur.Must, q) for n, q in filters.items() if n != exclude]
            clauses += [(Occur.Must, q) for q in geo]
            return Query.boolean_query(clauses) if clauses else Query.all_query()

        calls = [(combine(n, words_only), engine.facet_field[n], f"{n}=") for n in filters]
        return combine(), combine(text=words_only), calls

    # The same order as ours: fresh and boosted entries first (a weight per document, or a sort key when
    # there is no text), dates ascending. tantivy cannot sort on distance: there the raw page is by relevance.
    if spec.get("sort") == "date":
        order = {"order_by_field": "next_date", "order": Order.Asc}
    elif spec.get("sort") == "newest":
        order = {"order_by_field": "published"}
    else:
        order = {"weight_by_field": "weight"} if text else {"order_by_field": "rank_key"}
    return build, edge, order


def bench_raw_tantivy(mix, rounds):
    backend = get_backend("tantivy")
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    engine = backend.engine(get_index(INDEX))
    engine.index.reload()
    searcher = engine.index.searcher()
    totals = {f: searcher.terms_with_prefix(f, "", filter_query=Query.all_query()) for f in FACET_FIELDS}
    per_query = []
    for label, spec in mix:
        build, edge, order = raw_tantivy_queries(engine, spec)
        prebuilt = None if edge else build([])

        def run(build=build, edge=edge, prebuilt=prebuilt, order=order):
            main, unscored, calls = prebuilt or build(edge(searcher))
            # As ours: the filtered facets' walks in the worker threads while this thread gets the page.
            pending = [pool.submit(searcher.terms_with_prefix, f, prefix, filter_query=q) for q, f, prefix in calls]
            found = searcher.search(main, limit=PER_PAGE, count=True, **order)
            # The same choices as ours: few matches are counted from their facet columns, nearly all as the
            # totals (computed once, before timing) minus the few others, the rest by walks of the term
            # dictionaries; one call per facet field side by side unless the workers are busy.
            share = AGGREGATE_SHARE * searcher.num_docs
            rest = searcher.num_docs - found.count

            def count(fields):
                aggs = {f: {"terms": {"field": f, "size": AGGREGATE_TERMS}} for f in fields}
                if found.count <= share:
                    searcher.aggregate(unscored, aggs)
                elif rest <= share:
                    others = Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, unscored)])
                    counts = {f: dict(totals[f]) for f in fields}
                    for f, found_f in searcher.aggregate(others, aggs).items() if rest else []:
                        for bucket in found_f["buckets"]:
                            counts[f][bucket["key"]] -= bucket["doc_count"]
                else:
                    for f in fields:
                        searcher.terms_with_prefix(f, "", filter_query=unscored)

            if pending or min(found.count, rest) <= SPLIT_MIN:
                count(FACET_FIELDS)
            else:
                pending = [pool.submit(count, [f]) for f in FACET_FIELDS[1:]]
                count(FACET_FIELDS[:1])
            for future in pending:
                future.result()

        per_query.append((label, timed(run, rounds)))
    return per_query


def bench_icontains(mix):
    per_query = []
    for label, spec in mix:
        ws = [w for w in words(spec.get("text", ""))]
        if not ws:
            continue

        def scan(ws=ws):
            qs = IndexedDocument.objects.filter(index_name=INDEX)
            for w in ws:
                qs = qs.filter(Q(title__icontains=w) | Q(body__icontains=w))
            qs.count()
            list(qs.order_by("-published_at").values_list("object_pk", flat=True)[:PER_PAGE])

        started = time.perf_counter()
        scan()
        per_query.append((label, [time.perf_counter() - started]))
    return per_query


def summary(per_query):
    return percentiles([s for _, samples in per_query for s in samples])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dir", default="var/bench", help="Map voor de wegwerpdatabank en indexen.")
    parser.add_argument("--backends", nargs="+", default=["database", "tantivy"], choices=["database", "tantivy"])
    parser.add_argument("--no-scan", action="store_true", help="Sla de naïeve icontains-scan over.")
    parser.add_argument(
        "--database-max",
        type=int,
        default=100_000,
        help="Grootste omvang waarop ook de databank-backend (en de scan) meedoet (standaard 100000).",
    )
    parser.add_argument("--per-query", action="store_true", help="Toon ook de mediaan per query.")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    log(f"Zoekbenchmark op {os.cpu_count()} cores; databank {connection.settings_dict['NAME']}")
    log("Belasting van de machine (load average 1/5/15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    rows = []
    index = bench_index()
    for size in sorted(args.sizes):
        log(f"\n== {size:,} aanbiedingen ==".replace(",", "."))
        with_database = "database" in args.backends and size <= args.database_max
        ensure_data(index, size, with_database)
        mix = query_mix(with_database)
        results = {}
        for backend in args.backends:
            if backend == "database" and not with_database:
                continue
            ours = bench_ours(backend, mix, args.rounds)
            raw = bench_raw_tantivy(mix, args.rounds) if backend == "tantivy" else bench_raw_database(mix, args.rounds)
            results[backend] = (ours, raw)
            (o50, o95), (r50, r95) = summary(ours), summary(raw)
            rows.append((size, backend, o50, o95, r50, r95))
            log(
                f"  {backend:<9} ons p50 {o50:7.1f} ms  p95 {o95:7.1f} ms | ruwe motor p50 {r50:7.1f} ms"
                f"  p95 {r95:7.1f} ms | overhead p50 {o50 / r50:4.2f}x  p95 {o95 / r95:4.2f}x"
            )
            if args.per_query:
                for (label, s_ours), (_l, s_raw) in zip(ours, raw, strict=True):
                    log(
                        f"      {label:<30} ons {statistics.median(s_ours) * 1000:7.1f} ms"
                        f"   ruw {statistics.median(s_raw) * 1000:7.1f} ms"
                    )
        log("  load average: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
        if not args.no_scan and with_database:
            scan = bench_icontains(mix)
            s50, s95 = summary(scan)
            log(f"  icontains-scan (telling + eerste pagina, zonder facetten) p50 {s50:7.1f} ms  p95 {s95:7.1f} ms")
    log("\nSamenvatting (ms)            p50     p95   ruw p50 ruw p95  overhead p95")
    for size, backend, o50, o95, r50, r95 in rows:
        line = f"  {size:>9,} {backend:<9} {o50:7.1f} {o95:7.1f} {r50:8.1f} {r95:7.1f}   {o95 / r95:5.2f}x"
        log(line.replace(",", "."))


if __name__ == "__main__":
    main()
