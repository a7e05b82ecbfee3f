"""The call's pages in a real browser, on the demo: the public call pages, the jury's page with the weighted
totals, a decided application, and the label on the public project page. Every page is audited by axe and
the Content-Security-Policy guard (conftest.py). Applying (forms, documents, the deadline) is covered by
tests/ecosystem/test_application_pages.py."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.people import log_in

OPEN_CALL = "SIEG Innovation sociale — appel de démonstration"
CLOSED_CALL = "SIEG Innovation sociale 2026 (clos)"
CLOSED_LABEL = "Projet labellisé SIEG Innovation sociale 2026"


def test_call_pages_the_jury_and_the_label_in_a_browser(page: Page, visit, assert_accessible):
    # --- The public call pages. ------------------------------------------------------------------------
    visit(page, "/appels/")
    page.get_by_role("link", name=OPEN_CALL).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(OPEN_CALL)
    expect(page.get_by_role("heading", name="Critères d’évaluation")).to_be_visible()

    # --- The chair sees the decided closed call on the jury's page, opens the labelled application. --------
    log_in(page, visit, "admin@essaim.localhost")
    visit(page, "/jury/")
    table = page.get_by_role("table")
    # The closed call's labelled application: other tests may label applications to the open call.
    row = (
        table.get_by_role("row")
        .filter(has=page.get_by_role("cell", name="labellisé", exact=True))
        .filter(has=page.get_by_role("cell", name=CLOSED_CALL, exact=True))
    )
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Évaluations")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Moyenne pondérée des évaluations soumises : \d"))).to_be_visible()

    # --- The label is on the project's public page. --------------------------------------------------------
    page.wait_for_load_state("load")  # its audit must finish before the next navigation
    page.get_by_role("main").get_by_role("definition").get_by_role("link").first.click()
    expect(page.get_by_text(CLOSED_LABEL, exact=True)).to_be_visible()

    assert_accessible(page)
