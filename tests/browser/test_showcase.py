"""The swarming showcase in a real browser: from the home page to a ready project and why it is ready.

Every page displayed is audited by axe-core (conftest.py). The live server holds the full demo, where
``load_demo`` made one published project ready (ecosystem/demo/swarming.py).
"""

from __future__ import annotations

from playwright.sync_api import Page, expect


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
