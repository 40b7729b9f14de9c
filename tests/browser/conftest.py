"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium, never a downloaded browser)
against pytest-django's live server, with an axe-core accessibility scan (axe-core from npm).

Every browser test is a transactional test (the live server runs in another thread); the root
conftest's ``reference_data`` fixture puts the reference data back after other tests flushed it.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("INNOVET_CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "Een-sterk-wachtwoord-1"  # make_user's password
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(config, items):
    have_browser = shutil.which(CHROMIUM) or Path(CHROMIUM).exists()
    required = os.environ.get("INNOVET_REQUIRE_BROWSER") == "1"
    for item in items:
        if "browser" not in item.keywords:
            continue
        item.add_marker(pytest.mark.django_db(transaction=True))
        if not have_browser and not required:
            item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is not installed"))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-BE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    # Tests do not reach the internet (map tiles, video embeds): answer outside requests with nothing at
    # once, so that a page never waits for a host that will not answer.
    context.route(
        re.compile(r"^https?://(?!localhost[:/]|127\.0\.0\.1[:/])"),
        lambda route: route.fulfill(status=204, body=""),
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login_as():
    def login(page, user, password=PASSWORD):
        page.goto("/account/aanmelden/")
        page.get_by_label("E-mailadres").fill(user.email)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Aanmelden").click()
        page.wait_for_load_state()
        assert "/account/aanmelden/" not in page.url, "login failed"

    return login


@pytest.fixture
def assert_accessible():
    """Run axe-core on the current page; fail with a readable list of WCAG 2.1 A/AA violations."""

    def check(page, exclude=None):
        # Right after a click the next page may still be loading its stylesheet: scan it once it has loaded,
        # or axe judges unstyled text (a flaky colour-contrast failure).
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        context = {"exclude": [[selector] for selector in (exclude or [])]} if exclude else None
        result = page.evaluate("([context, options]) => axe.run(context || document, options)", [context, options])
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"]
        ]
        assert not violations, f"Accessibility violations on {page.url}:\n" + "\n".join(violations)

    return check
