"""Place inputs in the browser (issue 11): a new structure's commune chosen with the keyboard in the combobox.

« 80200 » is Péronne's postal code (and Cocquerel's INSEE code): the suggestions list the communes of that
postal code with their EPCI, Péronne first, and never Cocquerel; Enter on an option fills the field without
submitting the form, and the structure is created in Péronne.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.server import DEMO_PASSWORD

pytestmark = pytest.mark.browser

CAMILLE = "camille@essaim.localhost"


def test_a_structure_is_placed_in_peronne_from_its_postal_code_with_the_keyboard(
    page: Page, visit, assert_accessible
):
    visit(page, "/comptes/login/")
    form = page.locator("form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(CAMILLE)
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page.get_by_role("navigation", name="Votre compte")).to_be_visible()

    visit(page, "/structures/nouvelle/")
    page.get_by_label(re.compile(r"^Nom( \(obligatoire\))?$")).fill("Tiers-lieu du Vermandois")
    page.get_by_label(re.compile(r"^Type( \(obligatoire\))?$")).select_option(label="association")

    commune = page.get_by_role("combobox", name="Commune")
    with page.expect_response(lambda r: "territoires/suggestions.json" in r.url and "q=80200" in r.url):
        commune.press_sequentially("80200", delay=20)
    listbox = page.get_by_role("listbox", name="Lieux suggérés")
    expect(commune).to_have_attribute("aria-expanded", "true")
    first = listbox.get_by_role("option").first
    expect(first).to_contain_text("Péronne")
    expect(first).to_contain_text("CC de la Haute Somme")  # each commune says its EPCI
    expect(listbox).not_to_contain_text("Cocquerel")
    assert_accessible(page)

    commune.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(commune).to_have_attribute("aria-activedescendant", first.get_attribute("id") or "")
    expect(commune).to_be_focused()
    commune.press("Enter")
    expect(commune).to_have_value("Péronne (80620)")
    expect(listbox).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer une structure")  # not submitted

    page.get_by_role("button", name="Créer la structure").click()
    expect(page.get_by_text("Structure créée. Vous en êtes administrateur·rice.", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiers-lieu du Vermandois")
    expect(page.get_by_role("main")).to_contain_text("Péronne")
