"""The swarming showcase in a real browser: from the home page to a ready project and why it is ready.

Every page displayed is audited by axe-core (conftest.py). The live server holds the full demo, where
``load_demo`` made one published project ready (ecosystem/demo/swarming.py).
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.people import log_in, other_browser

CLOSED_LABEL = "Projet labellisé SIEG Innovation sociale 2026"


def test_a_visitor_reaches_the_showcase_filters_it_and_reads_why_a_project_is_ready(page: Page, visit):
    visit(page, "/")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Vitrine").click()
    expect(page.locator("h1")).to_have_text("Vitrine de l'essaimage")
    cards = page.locator("#showcase-results .card")
    expect(cards.first).to_be_visible()
    title = cards.first.locator("h3").inner_text()

    # Filter by the first theme offered, with the form's button (works the same without JavaScript).
    theme = page.locator("fieldset.facet").filter(has_text="Thématique").locator("input[type=checkbox]").first
    theme.check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page.locator("#result-count")).to_contain_text("projet")
    expect(cards.first).to_be_visible()

    cards.first.locator("h3 a").click()
    section = page.locator("section[aria-labelledby=swarming]")
    expect(section.get_by_role("heading", name="Prêt à essaimer ?")).to_be_visible()
    expect(section).to_contain_text("Ce projet remplit tous les critères")
    expect(section).to_contain_text("Ce qu'il faut pour l'essaimer")
    assert title  # the card led to its project


def test_a_structure_from_elsewhere_swarms_the_ready_project_and_the_lead_confirms(
    page: Page, visit, browser: Browser, live_server_url: str
):
    # Camille administers a demo association; the ready demo project lives outside the Aisne (demo/swarming.py).
    log_in(page, visit, "camille@essaim.localhost")
    visit(page, "/vitrine/")
    card = page.locator("#showcase-results .card").filter(has_text="18 mois")
    card.locator("h3 a").click()
    page.wait_for_load_state("load")  # its audit must finish before the next navigation (a11y.py)
    project_url = page.url
    page.get_by_role("link", name="Essaimer ce projet").click()
    page.get_by_label("Votre structure").select_option(index=1)
    page.get_by_label("Où").fill("Aisne (02)")
    page.get_by_label("Pourquoi").fill("Les aidants de l'Aisne attendent un tel lieu.")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page).to_have_url(re.compile(r"/salons/\d+/"))
    expect(page.locator("main")).to_contain_text("Aisne")

    # The lead's side (the Région's team edits every project) confirms from the project page.
    with other_browser(browser, live_server_url) as lead:
        log_in(lead, visit, "admin@essaim.localhost")
        lead.goto(project_url)  # goto returns at the load event: its audit is under way, not held
        lineage = lead.locator("section[aria-labelledby=lineage]")
        lineage.get_by_role("button", name=re.compile("Confirmer l'essaimage")).click()
        expect(lead.locator(".messages")).to_contain_text("Essaimage confirmé")
        expect(lineage).to_contain_text("Aisne")
        # The lineage map places the project and its replications (markers never wait for the tiles).
        expect(lead.locator("#lineage-map").locator(".map-marker, .map-cluster").first).to_be_visible()
        lead.wait_for_load_state("load")  # its audit must finish before the next navigation (a11y.py)
        lineage.get_by_role("link", name=re.compile("Aisne")).click()
        expect(lead.locator("section[aria-labelledby=lineage]")).to_contain_text("Essaimage de :")


def test_territorial_needs_are_public_with_their_suggestions(page: Page, visit):
    visit(page, "/vitrine/")
    page.get_by_role("link", name="Besoins territoriaux : ce que cherchent les territoires").click()
    expect(page.locator("h1")).to_have_text("Besoins territoriaux")
    page.get_by_role("link", name="Un lieu de répit près de chez nous").click()
    expect(page.get_by_role("heading", name="Projets qui pourraient y répondre")).to_be_visible()
    expect(page.locator("section[aria-labelledby=suggestions] .card").first).to_be_visible()


# Map tiles come from outside: refused, so the map works without its background (as it must offline).
OFF_SERVER = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/])")
OTHER_NEED = "Accompagner les jeunes vers l'emploi"  # the demo need on a theme no ready project has


def test_live_filters_update_the_showcase_and_its_map_without_a_page_load(
    page: Page, visit, assert_accessible
):
    page.route(OFF_SERVER, lambda route: route.abort())
    visit(page, "/vitrine/")
    page.evaluate("() => { window.__sameDocument = true; }")
    canvas = page.locator("#showcase-map")
    expect(canvas).to_have_attribute("data-map-count", re.compile(r"^\d+$"))
    before = canvas.get_attribute("data-map-count")
    expect(canvas.locator(".map-marker, .map-cluster").first).to_be_visible()
    expect(page.locator("#showcase-results details.map-places")).to_contain_text(OTHER_NEED)

    # Checking a theme is enough: the results, the facets, the count and the map follow, in place.
    theme = page.locator("fieldset.facet").filter(has_text="Thématique").locator("input[type=checkbox]").first
    with page.expect_response(lambda response: "/vitrine/carte/?theme=" in response.url):
        theme.check()
    expect(page).to_have_url(re.compile(r"/vitrine/\?theme="))
    expect(page.locator("#showcase-results details.map-places")).not_to_contain_text(OTHER_NEED)
    expect(canvas).not_to_have_attribute("data-map-count", before)
    expect(canvas).not_to_have_attribute("aria-busy", "true")
    assert int(canvas.get_attribute("data-map-count")) < int(before)
    expect(page.locator("#showcase-results .card").first).to_be_visible()
    expect(page.locator("fieldset.facet input[type=checkbox]:checked")).to_have_count(1)
    assert page.evaluate("() => window.__sameDocument === true"), "the page was reloaded"
    assert_accessible(page)


def test_the_showcase_shows_a_labelled_projects_label_and_filters_by_it(page: Page, visit):
    """The demo's project labelled by the closed call is ready to swarm: its card carries the label, and the
    « Label décerné » filter keeps only labelled projects."""
    visit(page, "/vitrine/")
    label = page.locator("fieldset.facet").filter(has_text="Label décerné")
    box = label.get_by_label(re.compile(re.escape(CLOSED_LABEL), re.I))
    box.check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page).to_have_url(re.compile(r"[?&]label="))
    page.wait_for_load_state("load")
    cards = page.locator("#showcase-results .card")
    expect(cards.first).to_be_visible()
    expect(page.locator("#showcase-results .card:not(:has(.project-labels))")).to_have_count(0)
    for i in range(cards.count()):
        expect(cards.nth(i).get_by_role("list", name="Labels")).to_contain_text(CLOSED_LABEL)
