"""Pages under load: throughput and latency of the main pages, each beside a minimal Django view.

    .venv/bin/python bench/pages.py [--connections 16 50] [--duration 10] [--workers 2] [--fresh]

Needs `wrk` (Debian: apt-get install wrk) as the load generator and the PostgreSQL server at
127.0.0.1:5432. It uses its own database `bench_pages` (created, migrated and filled with the demo
data; --fresh drops it first), Redis db 14 as the shared cache, and starts gunicorn on loopback with
the production settings (DEBUG off, manifest static files) plus one extra URL, a minimal view behind
the same middleware (bench/pages_urls.py). Each page is loaded for --duration seconds at each
connection count; printed per page: requests/s, its ratio to the minimal view in the same run, and
p50/p95 latency in ms. Logged-in pages use a session of the demo user who would open them.

Targets (2-core machine, 2 gunicorn workers): anonymous home, catalogue, offer detail and materials
pages >= 0.25x the minimal view and p95 <= 250 ms at 50 connections; logged-in pages (dashboard,
needs, moderation) >= 3x the throughput measured before this work (dashboard 45 req/s).
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BEFORE = {"dashboard (leerkracht)": 45}  # req/s measured with wrk before this work (issue 14)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(database):
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://127.0.0.1:5432/{database}",
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "INNOVET_SECRET_KEY": "bench-only-not-a-secret",
        "INNOVET_SSL_REDIRECT": "0",
        "INNOVET_SECURE_COOKIES": "0",
        "INNOVET_ALLOWED_HOSTS": "127.0.0.1",
        "INNOVET_VAR_DIR": str(ROOT / "var" / "bench"),
        "INNOVET_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "bench.pages_settings",
        "PYTHONPATH": str(ROOT),
    }
    for name in ("INNOVET_DEBUG", "INNOVET_TESTING", "INNOVET_TEST_DB_NAME", "DATABASE_REPLICA_URL"):
        env.pop(name, None)
    return env


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


PREPARE = r"""
import json, django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from innovet.catalogue.models import Offer
from innovet.materials.models import Material

def session(email):
    user = get_user_model().objects.get(email=email)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "innovet.accounts.backends.StaffModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.save()
    return s.session_key

offer = Offer.objects.filter(status="gepubliceerd").order_by("pk").first()
material = Material.objects.published().order_by("pk").first()
print(json.dumps({
    "offer": offer.get_absolute_url(),
    "material": material.get_absolute_url() if material else None,
    "teacher": session("leerkracht@innovet.test"),
    "rtc": session("rtc@innovet.test"),
}))
"""


def prepare(env, fresh, database):
    if fresh:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "--if-exists", "--force", database], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", database], stderr=subprocess.DEVNULL)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--if-empty")
    manage(env, "rebuild_indexes", "--if-needed")
    manage(env, "collectstatic", "--noinput")
    out = subprocess.run([PY, "-c", PREPARE], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_gunicorn(env, port, workers):
    process = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "innovet.wsgi", "--workers", str(workers), "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "--access-logfile", "-", "--access-logformat", ""],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # until a worker answers (the socket listens before workers boot)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_bench/minimal/", timeout=5) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


def settle(base, limit=120):
    """Waits until the workers have worked off requests that wrk left behind when it stopped (sync
    workers finish what they accepted), so that one page's backlog is not counted against the next."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        with urllib.request.urlopen(base + "/_bench/minimal/", timeout=limit) as response:
            response.read()
        if time.monotonic() - started < 0.05:
            return


def load(url, connections, duration, cookie=None):
    args = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s",
            "-s", str(ROOT / "bench" / "wrk_report.lua")]  # fmt: skip
    if cookie:
        args += ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    data = json.loads(re.search(r"^JSON (.*)$", out, re.M).group(1))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, nargs="+", default=[16, 50])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default="bench_pages")
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the bench database first")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed as the load generator: apt-get install wrk")

    env = env_for(args.database)
    print(f"preparing database {args.database} (migrate, demo data, index, static files)...", flush=True)
    ctx = prepare(env, args.fresh, args.database)
    subprocess.run(["redis-cli", "-n", "14", "flushdb"], stdout=subprocess.DEVNULL)
    port = free_port()
    server = start_gunicorn(env, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    pages = [
        ("minimal view", "/_bench/minimal/", None),
        ("home", "/", None),
        ("catalogue", "/aanbod/", None),
        ("catalogue, query + 2 filters", "/aanbod/?q=robot&graad=3&studiedomein=stem", None),
        ("offer detail", ctx["offer"], None),
        ("materials", "/lesmateriaal/", None),
        *([("material detail", ctx["material"], None)] if ctx["material"] else []),
        ("read API (offers)", "/aanbod/api/aanbod/", None),
        ("dashboard (leerkracht)", "/mijn-innovet/", ctx["teacher"]),
        ("needs (rtc)", "/noden/", ctx["rtc"]),
        ("moderation (rtc)", "/aanbod/moderatie/", ctx["rtc"]),
    ]
    try:
        for path, cookie in ((p, c) for _, p, c in pages):  # warm every worker's connections and caches
            load(base + path, 4, 1, cookie)
            settle(base)
        for connections in args.connections:
            print(f"\n{connections} connections, {args.duration} s per page, {args.workers} gunicorn workers")
            print(f"{'page':34} {'req/s':>8} {'× minimal':>10} {'p50 ms':>8} {'p95 ms':>8}  errors")
            minimal = None
            for name, path, cookie in pages:
                r = load(base + path, connections, args.duration, cookie)
                settle(base)
                minimal = minimal or r["rps"]
                note = f"  (before: {BEFORE[name]} req/s, {r['rps'] / BEFORE[name]:.1f}×)" if name in BEFORE else ""
                print(
                    f"{name:34} {r['rps']:8.0f} {r['rps'] / minimal:10.3f} {r['p50'] / 1000:8.1f} "
                    f"{r['p95'] / 1000:8.1f}  {r['errors'] + r['non2xx']}{note}",
                    flush=True,
                )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)


if __name__ == "__main__":
    main()
