"""The directory in a real browser: search without accents, live filters, the map, a profile; the autocomplete.

A visitor types « peronne » and finds the structures of Péronne; ticks a kind and a département and the
results follow without a page load; switches to the map, which keeps the filters and shows markers even
though its background tiles cannot load (every request off the live server is refused here, so the test is
offline); chooses a structure with the keyboard in the search box's suggestions; opens its page from the
map's popup. Every page, and the page after each live update, is audited by axe (conftest.py).

The demo content has no structure in Péronne: ``peronne_actors`` adds three through the ecosystem's own
action, in the live server's database — two public, one hidden that must never show.

Strings added with this feature may not be in the French catalogue yet: the test finds those elements by
their role, id or URL rather than by their words.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from playwright.sync_api import Page, expect

from tests.browser.server import REPO, LiveServer

RECYCLERIE = "Recyclerie des Remparts de Péronne"
COOPERATIVE = "Coopérative du Vieux Péronne"
HIDDEN = "Cercle discret de Péronne"
SEED = """
from ecosystem.actions.actors import create_actor
from ecosystem.models import ActorKind, Territory, User

owner = User.objects.get(email="admin@essaim.localhost")
peronne = Territory.objects.get(level=Territory.Level.COMMUNE, code="80620")
for name, kind, public in %s:
    create_actor(owner, {
        "name": name, "kind": kind, "commune": peronne, "is_public": public,
        "description": "Réemploi, réparation et convivialité au cœur de Péronne.",
    })
"""
OFF_SERVER = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/])")


@pytest.fixture(scope="module")
def peronne_actors(_live_server: LiveServer) -> None:
    """Three structures in Péronne (80620), created by ``create_actor`` in the server's own database.

    Through a ``manage.py shell`` process with the server's environment: the test process never touches a
    database (see conftest.py), and the action indexes them on commit as it does for any visitor.
    """
    rows = [
        (RECYCLERIE, "association", True),
        (COOPERATIVE, "cooperative", True),
        (HIDDEN, "association", False),
    ]
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SEED % repr(rows)],
        cwd=REPO,
        env=_live_server.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def offline(page: Page) -> None:
    """Refuse every request that does not go to the live server: map tiles, above all."""
    page.route(OFF_SERVER, lambda route: route.abort())


def mark_document(page: Page) -> None:
    page.evaluate("() => { window.__sameDocument = true; }")


def assert_same_document(page: Page) -> None:
    assert page.evaluate("() => window.__sameDocument === true"), "the page was reloaded"


def test_search_filter_map_and_profile(page: Page, visit, assert_accessible, peronne_actors):
    offline(page)
    visit(page, "/annuaire/")
    mark_document(page)
    results = page.locator("#directory-results")
    count = page.locator("#result-count")

    # --- 1. « peronne », no accent: the structures of Péronne, never the hidden one. --------------------
    search_box = page.get_by_role("combobox", name="Rechercher")
    search_box.fill("peronne")
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/annuaire/\?(.*&)?q=peronne"))
    expect(results.get_by_role("link", name=RECYCLERIE)).to_be_visible()
    expect(results.get_by_role("link", name=COOPERATIVE)).to_be_visible()
    expect(page.get_by_text(HIDDEN)).to_have_count(0)
    assert_same_document(page)
    assert_accessible(page)

    # --- 2. A kind, then a département: the results, the count and the address follow, in place. -------
    before = count.inner_text()
    association = page.get_by_role("group", name="Type de structure").get_by_role(
        "checkbox", name=re.compile(r"^Association")
    )
    association.check()
    expect(page).to_have_url(re.compile(r"kind=association"))
    expect(results.get_by_role("link", name=COOPERATIVE)).to_have_count(0)
    expect(results.get_by_role("link", name=RECYCLERIE)).to_be_visible()
    expect(count).not_to_have_text(before)
    expect(association).to_be_focused()  # the facets were refreshed around it; the focus stayed
    expect(association).to_be_checked()

    somme = page.get_by_role("group", name="Département").get_by_role(
        "checkbox", name=re.compile(r"^Somme \(80\)")
    )
    somme.check()
    expect(page).to_have_url(re.compile(r"kind=association.*departement=80|departement=80.*kind=association"))
    expect(somme).to_be_focused()
    expect(results.get_by_role("link", name=RECYCLERIE)).to_be_visible()
    expect(results.locator(".directory-active")).to_contain_text("Somme (80)")
    assert_same_document(page)
    assert_accessible(page)

    # Removing a filter from the list of active ones is live too; the focus goes to the results' heading.
    results.locator(".directory-active a", has_text="Somme (80)").click()
    expect(page).not_to_have_url(re.compile(r"departement="))
    expect(page.locator("#results-title")).to_be_focused()
    expect(somme).not_to_be_checked()
    somme.check()
    expect(page).to_have_url(re.compile(r"departement=80"))
    assert_same_document(page)

    # --- 3. The map keeps the filters; markers show without the background tiles. -----------------------
    page.locator(".view-switch").locator('a[href*="vue=carte"]').click()
    expect(page).to_have_url(re.compile(r"vue=carte"))
    for kept in ("q=peronne", "kind=association", "departement=80"):
        assert kept in page.url
    map_region = page.locator("#directory-map")
    expect(map_region).to_be_visible()
    expect(map_region).to_have_attribute("role", "region")
    expect(map_region).to_have_attribute("aria-label", re.compile(r"\w"))
    expect(page.locator("#directory-map").locator(".map-marker, .map-cluster").first).to_be_visible()
    expect(page.locator("[data-map-tiles-message]")).not_to_be_empty()  # « the background could not load »
    expect(page.locator(".map-fallback")).to_be_hidden()  # the notice for pages without JavaScript
    summary = page.locator("#map-summary")
    expect(summary.locator("[data-map-status]")).to_contain_text(re.compile(r"\d"))
    list_link = summary.locator("a")
    expect(list_link).to_have_attribute("href", re.compile(r"kind=association"))
    assert "vue=carte" not in (list_link.get_attribute("href") or "")
    assert_accessible(page)

    # --- 4. The search box's suggestions, with the keyboard only. ---------------------------------------
    mark_document(page)
    search_box = page.get_by_role("combobox", name="Rechercher")
    search_box.fill("")
    with page.expect_response(lambda r: "suggestions.json" in r.url and "q=cercle" in r.url) as hidden_answer:
        search_box.press_sequentially("cercle discr", delay=20)
    assert HIDDEN not in hidden_answer.value.text()
    expect(search_box).to_have_attribute("aria-expanded", "false")

    search_box.fill("")
    search_box.press_sequentially("rempar", delay=20)
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(search_box).to_have_attribute("aria-expanded", "true")
    expect(search_box).to_have_attribute("aria-controls", listbox.get_attribute("id") or "")
    option = listbox.get_by_role("option", name=re.compile(re.escape(RECYCLERIE)))
    expect(option).to_have_count(1)
    assert_accessible(page)

    search_box.press("ArrowDown")
    first = listbox.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(search_box).to_have_attribute("aria-activedescendant", first.get_attribute("id") or "")
    expect(search_box).to_be_focused()  # the focus stays in the box; the option is only « active »

    search_box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(search_box).to_have_attribute("aria-expanded", "false")
    expect(search_box).to_have_value("rempar")

    search_box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    # Choosing runs the search, and the map then fetches the new result set's data.
    with page.expect_response(
        lambda response: "carte.geojson" in response.url and "q=Recyclerie" in response.url
    ):
        search_box.press("Enter")
    expect(search_box).to_have_value(RECYCLERIE)
    expect(listbox).to_be_hidden()
    expect(page).to_have_url(re.compile(r"q=Recyclerie"))
    expect(page).to_have_url(re.compile(r"vue=carte"))
    expect(page.locator("#directory-map .map-marker")).to_have_count(1)
    expect(page.locator("#directory-map .map-cluster")).to_have_count(0)
    assert_same_document(page)

    # --- 5. The marker's popup links the profile: open it with the keyboard. ----------------------------
    # The search above reloads the map's data: once it is drawn (no longer busy), the marker is the new one,
    # not the previous search's, whose popup the redraw would close.
    expect(page.locator("#directory-map")).not_to_have_attribute("aria-busy", "true")
    marker = page.locator("#directory-map .map-marker")
    marker.focus()
    marker.press("Enter")
    popup = page.locator(".leaflet-popup")
    popup_link = popup.get_by_role("link", name=RECYCLERIE)
    expect(popup_link).to_be_focused()
    expect(popup).to_have_css("opacity", "1")  # Leaflet fades popups in: audit the popup once it is shown
    assert_accessible(page)
    popup_link.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(RECYCLERIE)
    expect(page.get_by_role("main")).to_contain_text("Péronne")


def test_hidden_structures_stay_out_of_the_map_and_the_list(page: Page, visit, peronne_actors):
    offline(page)
    visit(page, "/annuaire/?q=peronne&kind=association&vue=carte")
    expect(page.locator("#directory-map").locator(".map-marker, .map-cluster").first).to_be_visible()
    expect(page.get_by_text(HIDDEN)).to_have_count(0)
    geojson = page.locator("#map-summary").get_attribute("data-map-geojson")
    answer = page.request.get(geojson)
    assert answer.ok
    names = {feature["properties"]["name"] for feature in answer.json()["features"]}
    assert RECYCLERIE in names
    assert HIDDEN not in names
    visit(page, "/annuaire/?q=peronne")
    expect(page.locator("#directory-results").get_by_role("link", name=RECYCLERIE)).to_be_visible()
    expect(page.get_by_text(HIDDEN)).to_have_count(0)


def test_the_project_list_filters_live_too(page: Page, visit, assert_accessible):
    """/projets/ uses the same live filters: a phase ticked updates results, count and address in place."""
    offline(page)
    visit(page, "/projets/")
    mark_document(page)
    count = page.locator("#result-count")
    total = int(re.search(r"\d+", count.inner_text().replace("\u202f", "")).group())
    phase = page.get_by_role("group", name="Phase").get_by_role("checkbox").first
    phase.check()
    expect(page).to_have_url(re.compile(r"/projets/\?(.*&)?phase="))
    expect(phase).to_be_focused()
    expect(phase).to_be_checked()
    expect(page.locator("#project-results .directory-active")).to_contain_text("Phase")
    filtered = int(re.search(r"\d+", count.inner_text().replace("\u202f", "")).group())
    assert 0 < filtered <= total
    assert_same_document(page)
    assert_accessible(page)
