"""The opening of the live-room journeys: the Région's staff account writes to Camille's association.

Camille (the association's admin) logs in and finds her association from « My space »; the staff account logs
in, opens the association's public page and writes to it, which opens a direct conversation of which Camille
is a member. English pages (/en/), as the live journeys use. Shared by the browser test modules.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.people import log_in

STAFF = "admin@essaim.localhost"
CAMILLE = "camille@essaim.localhost"


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def staff_writes_to_camilles_association(staff: Page, camille: Page, visit, text: str) -> str:
    """Log both in, have the staff account send ``text`` from the contact form; the room's path."""
    log_in(camille, visit, CAMILLE)
    visit(camille, "/en/mon-espace/")
    organisation = camille.get_by_role("main").locator(".card h3 a[href*='/annuaire/']").first
    actor_path = path_of(organisation.get_attribute("href"))

    log_in(staff, visit, STAFF)
    visit(staff, actor_path)
    staff.get_by_role("link", name="Contact this organisation").click()
    # Let the form's page finish loading first: axe audits a page at its load event, and the guard holds the
    # next navigation until that audit reports (tests/browser/a11y.py). Submitting before "load" left the
    # audit waiting on the page's last requests, held behind that same navigation, until the guard's limit.
    staff.wait_for_load_state("load")
    staff.get_by_label(re.compile("^Your message")).fill(text)
    staff.get_by_role("button", name="Send").click()
    expect(staff).to_have_url(re.compile(r"/en/salons/\d+/$"))
    return path_of(staff.url)
