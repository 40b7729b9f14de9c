"""The read replica, on a real PostgreSQL streaming replica (bin/replica starts one; bin/test runs this
module against it). Skipped when DATABASE_REPLICA_URL is not set."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connections

from innovet.catalogue.models import Offer
from innovet.core.db_routing import PIN_COOKIE

pytestmark = [
    pytest.mark.skipif("replica" not in settings.DATABASES, reason="no DATABASE_REPLICA_URL (bin/replica)"),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]

ROOT = Path(__file__).resolve().parents[2]


def scalar(alias, sql):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def wait_for_replica(timeout=20):
    """Until the replica has replayed everything the primary has written so far."""
    lsn = scalar("default", "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if scalar("replica", f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn"):
            return
        time.sleep(0.05)
    raise AssertionError(f"the replica did not catch up within {timeout} s")


class paused_replica:
    """Stops the replica replaying WAL, so it lags behind the primary for as long as the block lasts."""

    def __enter__(self):
        scalar("replica", "SELECT pg_wal_replay_pause()::text")

    def __exit__(self, *exc):
        scalar("replica", "SELECT pg_wal_replay_resume()::text")


def test_the_replica_is_a_read_only_standby_that_follows_the_primary(make_offer, provider):
    assert scalar("replica", "SELECT pg_is_in_recovery()") is True
    offer = make_offer([provider], title="Lasrobots programmeren")
    wait_for_replica()
    assert Offer.objects.using("replica").get(pk=offer.pk).title == "Lasrobots programmeren"


def test_anonymous_reads_come_from_the_replica_and_a_writer_reads_their_own_change(
    client, make_offer, provider, provider_user
):
    offer = make_offer([provider], title="Cobots in de praktijk")
    wait_for_replica()
    client.force_login(provider_user)
    visitor = client.__class__()
    with paused_replica():
        response = client.post(f"/aanbod/{offer.pk}/archiveren/")
        assert response.status_code == 302
        assert PIN_COOKIE in response.cookies
        # The writer reads from the primary for a few seconds: their offer is archived.
        page = client.get(offer.get_absolute_url())
        assert "gearchiveerd" in page.content.decode().lower()
        # Anyone else reads the replica, which has not replayed the archive yet.
        assert Offer.objects.using("replica").get(pk=offer.pk).status != Offer.objects.get(pk=offer.pk).status
        assert visitor.get(offer.get_absolute_url()).status_code == 200
    wait_for_replica()
    assert Offer.objects.using("replica").get(pk=offer.pk).status == Offer.objects.get(pk=offer.pk).status


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env, port):
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError(f"app server on port {port} did not start")


class Browser:
    """A cookie-keeping HTTP client (urllib), one per person."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        no_redirect = type("NoRedirect", (urllib.request.HTTPRedirectHandler,), {"redirect_request": lambda *a: None})
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), no_redirect)

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), None)

    def set_cookie(self, name, value):
        self.jar.set_cookie(
            http.cookiejar.Cookie(
                0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False, None, None, {}
            )
        )

    def request(self, url, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, body, headers or {}), timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def result_titles(browser, port, query):
    status, html = browser.request(f"http://127.0.0.1:{port}/aanbod/?q={query}")
    assert status == 200
    return sorted(re.findall(r'<h2 class="h5 card-title mb-1"><a [^>]*>([^<]+)</a>', html))


def test_two_app_servers_return_the_same_results_while_offers_are_edited_through_one(
    make_offer, provider, provider_user
):
    offers = [make_offer([provider], title=f"Warmtepompen installeren deel {n}") for n in range(1, 6)]
    primary, replica = connections["default"].settings_dict, connections["replica"].settings_dict

    def url(d):
        return f"postgres://{d['USER']}@{d['HOST']}:{d['PORT']}/{d['NAME']}"

    env = {
        **os.environ,
        "DATABASE_URL": url(primary),
        "DATABASE_REPLICA_URL": url(replica),
        "INNOVET_DEBUG": "1",
        "INNOVET_SECRET_KEY": settings.SECRET_KEY,
    }
    env.pop("INNOVET_TEST_DB_NAME", None)
    ports = [free_port(), free_port()]
    servers = [start_server(env, port) for port in ports]
    try:
        # The editor's session, made as a login would make it, valid on both servers (shared database).
        session = SessionStore()
        session[SESSION_KEY] = str(provider_user.pk)
        session[BACKEND_SESSION_KEY] = "innovet.accounts.backends.StaffModelBackend"
        session[HASH_SESSION_KEY] = provider_user.get_session_auth_hash()
        session.save()
        editor = Browser()
        editor.set_cookie(settings.SESSION_COOKIE_NAME, session.session_key)
        wait_for_replica()
        visitor = Browser()
        before = [result_titles(visitor, port, "warmtepompen") for port in ports]
        assert before[0] == before[1] and len(before[0]) == 5
        for offer in offers[:3]:
            assert editor.request(f"http://127.0.0.1:{ports[0]}/aanbod/mijn/")[0] == 200
            status, _ = editor.request(
                f"http://127.0.0.1:{ports[0]}/aanbod/{offer.pk}/archiveren/",
                data={"csrfmiddlewaretoken": editor.cookie(settings.CSRF_COOKIE_NAME)},
                headers={"Referer": f"http://127.0.0.1:{ports[0]}/aanbod/mijn/"},
            )
            assert status == 302, status
            wait_for_replica()
            seen = [result_titles(visitor, port, "warmtepompen") for port in ports]
            assert seen[0] == seen[1]
            assert offer.title not in seen[0]
        assert len(seen[0]) == 2
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
