"""The end report in a real browser, on the demo: the labelled project of the closed call is found through the
label facet of the project search; the chair applies for it to the open call (the application form pages are
audited by axe and the CSP guard, like every page here), opens its end report page and downloads the PDF,
whose text — extracted with pypdf — holds the three sections the call requires."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.people import log_in

CLOSED_LABEL = "Projet labellisé SIEG Innovation sociale 2026"
SECTIONS = [
    "Conclusions de l'évaluation dynamique au regard des marqueurs",
    "Mesure de l'impact social",
    "Conditions de déploiement ou d'essaimage",
]


def test_the_chair_reads_and_downloads_the_end_report(page: Page, visit, assert_accessible):
    # The labelled project, found through the label facet of the public project search.
    visit(page, "/projets/")
    value = page.get_by_label(re.compile(re.escape(CLOSED_LABEL))).get_attribute("value")
    visit(page, f"/projets/?label={value}")
    page.locator("#project-results .card-list h3 a").first.click()
    expect(page.get_by_text(CLOSED_LABEL, exact=True)).to_be_visible()
    slug = re.search(r"/projets/([^/]+)/", page.url).group(1)

    log_in(page, visit, "admin@essaim.localhost")
    visit(page, f"/projets/{slug}/rapport-final/")
    for title in SECTIONS:
        expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()
    assert_accessible(page)

    # The project applies to the open call (staff may act for its editors): the application form pages are
    # audited like every page.
    visit(page, f"/projets/{slug}/candidatures/")
    page.get_by_role("link", name=re.compile("Candidater à")).first.click()
    form = page.get_by_role("main").locator("form").first
    for name in (
        "partnership",
        "research_collaboration",
        "evaluation_plan",
        "impact_method",
        "budget_summary",
    ):
        form.locator(f"textarea[name={name}]").fill("Texte de la candidature.")
    form.get_by_role("button", name="Enregistrer le brouillon").click()
    # The draft's page must finish loading first: axe audits it at its load event, and the guard holds the
    # next navigation until that audit reports (tests/browser/a11y.py).
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Enregistrer et déposer la candidature").click()
    expect(page.get_by_text("déposée le", exact=False).first).to_be_visible()

    visit(page, f"/projets/{slug}/rapport-final/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF").click()
    assert download.value.suggested_filename == f"rapport-final-{slug}.pdf"
    reader = PdfReader(download.value.path())
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for title in SECTIONS:
        assert title in text
