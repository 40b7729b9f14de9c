"""Every main page at 390 px (a phone), as each role that uses it: nothing wider than the screen, and no
WCAG 2.1 A/AA violation. Plus the phone journeys: the catalogue's filters behind a 'Filters' button, a long
checkbox list with a search box."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from innovet.core.demo_registry import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(live_server):
    from innovet.catalogue.reference import load_reference_lists

    load_reference_lists()
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def phone(browser, live_server):
    import re

    context = browser.new_context(
        base_url=live_server.url, locale="nl-BE", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15000)
    context.route(
        re.compile(r"^https?://(?!localhost[:/]|127\.0\.0\.1[:/])"), lambda route: route.fulfill(status=204, body="")
    )
    page = context.new_page()
    yield page
    context.close()


def _login(page, email):
    page.context.clear_cookies()
    page.goto("/account/aanmelden/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    assert "/account/aanmelden/" not in page.url, f"login failed for {email}"


def _first_link(page, selector):
    href = page.locator(selector).first.get_attribute("href")
    assert href, f"no link {selector} on {page.url}"
    return href


def _check(page, path, assert_accessible, failures):
    response = page.goto(path)
    assert response.status < 400, f"{path}: {response.status}"
    page.wait_for_load_state("load")
    wide = page.evaluate(
        """() => {
          const out = [];
          const vw = window.innerWidth;
          for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > vw + 1 && r.width > 0 && getComputedStyle(el).position !== 'fixed') {
              const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
              out.push(name + '.' + [...el.classList].join('.') + ' ' + Math.round(r.right));
            }
          }
          return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth, culprits: out.slice(0, 6)};
        }"""
    )
    if not (wide["scroll"] <= wide["inner"] == PHONE["width"]):
        failures.append(f"{path}: {wide['scroll']} px wide on a {wide['inner']} px screen; {wide['culprits']}")
    try:
        assert_accessible(page)
    except AssertionError as exc:  # collected, so that one run lists every page's problems
        failures.append(str(exc))


def _catalogue_filters_behind_a_button(phone, assert_accessible):
    phone.goto("/aanbod/")
    button = phone.get_by_role("button", name="Filters")
    first_result = phone.locator("article").first
    expect(button).to_be_visible()
    assert button.bounding_box()["y"] < first_result.bounding_box()["y"]  # above the results
    facet = phone.locator("#filters input[type=checkbox]").first
    expect(facet).to_be_hidden()  # hidden until asked for
    button.click()
    phone.get_by_role("dialog", name="Filters").wait_for(state="visible")
    expect(facet).to_be_visible()
    assert_accessible(phone)
    # Ticking a filter searches at once; afterwards the panel is open again with focus on that box.
    facet.check()
    phone.wait_for_load_state("load")
    phone.get_by_role("dialog", name="Filters").wait_for(state="visible")
    # The panel's script restores focus once it has opened: wait for it rather than read at once.
    for _ in range(50):
        if phone.evaluate("document.activeElement.type") == "checkbox":
            break
        phone.wait_for_timeout(200)
    assert phone.evaluate("document.activeElement.type") == "checkbox"
    phone.get_by_role("button", name="Filters sluiten").click()
    phone.get_by_role("dialog", name="Filters").wait_for(state="hidden")
    assert phone.get_by_role("button", name="Filters").locator(".badge").inner_text().startswith("1")


def _map_says_when_tiles_do_not_load(phone, path):
    # The test browser answers every outside request with an empty reply: the tiles cannot load.
    phone.goto(path)
    assert phone.locator(".map").count() == 1
    phone.get_by_text("De kaartachtergrond kan niet geladen worden").wait_for(state="visible")


def _long_checkbox_list_has_a_search_box(phone, assert_accessible):
    phone.goto("/noden/nieuw/")
    assert phone.locator("select[multiple]").count() == 0
    search = phone.get_by_label("Zoek in de keuzes voor Thema's")
    search.fill("warmtepomp")
    themes = phone.locator("input[name=themes]")
    visible = [i for i in range(themes.count()) if themes.nth(i).is_visible()]
    assert len(visible) == 1
    themes.nth(visible[0]).check()
    assert "1 aangevinkt" in phone.locator("#" + search.get_attribute("aria-describedby")).inner_text()
    search.fill("")
    assert themes.nth(visible[0]).is_checked() and themes.nth(0).is_visible()
    assert_accessible(phone)


def test_phone_layout_of_every_main_page_and_the_phone_journeys(demo, phone, assert_accessible):
    """One test, because the demo data set takes a while to load."""
    from innovet.catalogue.models import Initiative, Offer
    from innovet.matching.models import Need
    from innovet.materials.models import Material
    from innovet.surveys.models import Survey

    offer = Offer.objects.filter(status="gepubliceerd", locations__isnull=False).order_by("id").first()
    initiative = Initiative.objects.filter(status="gepubliceerd").order_by("id").first()
    material = Material.objects.exclude(status="concept").order_by("id").first()
    need = Need.objects.filter(school__name="VTI Sint-Jozef Gent").order_by("id").first()
    survey = Survey.objects.exclude(current_version=None).order_by("id").first()
    failures = []

    visitor = ["/", "/aanbod/", offer.get_absolute_url(), "/aanbod/initiatieven/", initiative.get_absolute_url()]
    visitor += ["/lesmateriaal/", material.get_absolute_url(), "/noden/", "/organisaties/", "/account/aanmelden/"]
    visitor += ["/netwerkmomenten/", "/bevragingen/"]
    for path in visitor:
        _check(phone, path, assert_accessible, failures)
    _catalogue_filters_behind_a_button(phone, assert_accessible)
    _map_says_when_tiles_do_not_load(phone, offer.get_absolute_url())

    pages = {
        "leerkracht@innovet.test": [
            "/mijn-innovet/",
            "/noden/",
            need.get_absolute_url(),
            f"/noden/{need.pk}/bewerken/",
            "/noden/nieuw/",
            "/aanbod/zoekopdrachten/",
            "/lesmateriaal/mijn/",
            "/meldingen/",
            "/account/profiel/",
        ],
        "bedrijf@innovet.test": [
            "/mijn-innovet/",
            "/aanbod/mijn/",
            "/aanbod/nieuw/",
            "/noden/passend/",
            "/noden/samenwerking/",
            offer.get_absolute_url(),
        ],
        "rtc@innovet.test": ["/aanbod/moderatie/", "/noden/", need.get_absolute_url(), "/aanbod/mijn/"],
        "departement@innovet.test": [
            "/bevragingen/",
            survey.get_absolute_url(),
            f"/bevragingen/{survey.slug}/resultaten/",
            f"/bevragingen/{survey.slug}/vragenlijst/",
            f"/bevragingen/{survey.slug}/resultaten/kruistabel/",
            f"/bevragingen/{survey.slug}/uitnodigingen/",
        ],
        "admin@innovet.test": ["/mijn-innovet/", "/noden/", "/aanbod/moderatie/", "/bevragingen/"],
    }
    for email, paths in pages.items():
        _login(phone, email)
        for path in paths:
            _check(phone, path, assert_accessible, failures)
        if email == "leerkracht@innovet.test":
            _long_checkbox_list_has_a_search_box(phone, assert_accessible)
    assert not failures, "Pages too wide for a phone or not accessible:\n" + "\n".join(failures)
