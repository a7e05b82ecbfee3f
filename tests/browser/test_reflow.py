"""Reflow (WCAG 1.4.10): at 320 CSS pixels wide, no main page scrolls sideways, and search results come first.

The walk covers what a person on a phone opens: home, the directory (list and map), the projects, a project
and an actor page, the site search, login, sign-up, « Mon espace », a room and a project's evaluation.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.server import DEMO_PASSWORD

CAMILLE = "camille@essaim.localhost"
WIDTH = 320

# The page's width against the viewport's, and the elements sticking out (to say what to fix).
OVERFLOW = """width => {
    const wide = [];
    for (const element of document.body.querySelectorAll("*")) {
        const box = element.getBoundingClientRect();
        if (box.right > width + 1 && box.width > 0) {
            const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
                + (element.className && typeof element.className === "string"
                    ? "." + element.className.trim().split(/\\s+/).join(".") : "");
            wide.push(name + " (" + Math.round(box.right) + " px)");
        }
    }
    return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 8)};
}"""


def path_of(href: str) -> str:
    return re.sub(r"^https?://[^/]+", "", href)


def overflow(page: Page) -> str | None:
    """What sticks out of a 320 px page, or None when nothing scrolls sideways."""
    found = page.evaluate(OVERFLOW, WIDTH)
    if found["scrollWidth"] <= WIDTH:
        return None
    return f"{page.url}: {found['scrollWidth']} px wide; {', '.join(found['wide'])}"


def first_href(page: Page, selector: str) -> str:
    return path_of(page.locator(selector).first.get_attribute("href"))


def test_no_main_page_scrolls_sideways_at_320_px(page: Page, visit):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    problems = []

    def check(path: str) -> None:
        visit(page, path)
        page.wait_for_load_state("load")
        problem = overflow(page)
        if problem:
            problems.append(problem)

    for path in ["/", "/annuaire/", "/annuaire/?vue=carte", "/projets/", "/recherche/?q=jardin"]:
        check(path)
    visit(page, "/annuaire/")
    actor = first_href(page, ".directory-results h3 a[href*='/annuaire/']")
    visit(page, "/projets/")
    project = first_href(page, ".directory-results h3 a[href*='/projets/']")
    for path in [actor, project, "/comptes/signup/", "/comptes/login/"]:
        check(path)

    form = page.locator("form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(CAMILLE)
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page.get_by_role("navigation", name="Votre compte")).to_be_visible()
    check("/mon-espace/")
    room = first_href(page, ".room-list a[href*='/salons/']")
    evaluation = first_href(page, "main a[href$='/evaluation/']")
    for path in [room, evaluation]:
        check(path)
    assert not problems, "\n".join(problems)


def test_directory_results_come_before_the_filters_on_a_phone(page: Page, visit):
    """The filters fold behind « Filtres (n) »: the results start on the first screen (they came after ~3,850 px)."""
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ["/annuaire/?kind=association", "/projets/"]:
        visit(page, path)
        toggle = page.locator(".filters-toggle summary")
        expect(toggle).to_be_visible()
        expect(toggle).to_have_text(re.compile(r"^Filtres( \(\d+\))?$"))
        results = page.locator("#results-title").bounding_box()
        assert results["y"] + results["height"] < 844, path
        expect(page.locator(".directory-filters fieldset").first).to_be_hidden()
        toggle.click()
        expect(page.locator(".directory-filters fieldset").first).to_be_visible()
    expect(page.locator(".filters-toggle summary")).to_have_text("Filtres")
    visit(page, "/annuaire/?kind=association")
    expect(page.locator(".filters-toggle summary")).to_have_text("Filtres (1)")
