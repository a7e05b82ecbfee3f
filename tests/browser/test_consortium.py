"""The partnership's coherence and the consortium builder in a real browser, keyboard and screen-reader first.

The demo account describes a project of its association and opens two partner slots; the partners page shows
the coherence panel (each check said in words, never by colour alone) and links the builder, which proposes a
structure per slot with its reasons, every line ticked; submitting with nothing ticked says so and sends
nothing. Every page is audited by axe (conftest.py). Nothing is sent, so no other test's mailbox changes.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.people import log_in

pytestmark = pytest.mark.browser

CAMILLE = "camille@essaim.localhost"
PROJECT = "Covoiturage solidaire des vallées"


def field(scope: Page | Locator, label: str) -> Locator:
    """The form control labelled ``label``, with or without the « (obligatoire) » mark."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}( \(obligatoire\))?$"))


def open_slot(page: Page, title: str, kind: str) -> None:
    page.get_by_role("navigation", name="Gestion du projet").get_by_role(
        "link", name="Places à pourvoir"
    ).click()
    # On the slots page, and loaded (so its audit is done) before the next navigating click.
    expect(page).to_have_url(re.compile(r"/places/$"))
    page.wait_for_load_state("load")
    page.get_by_role("main").get_by_role("link", name="Ouvrir une place à pourvoir").click()
    field(page, "Rôle recherché").fill(title)
    page.get_by_role("group", name=re.compile(r"^Types de structure recherchés")).get_by_label(
        kind, exact=True
    ).check()
    field(page, "Périmètre géographique").select_option(label="même région")
    page.get_by_role("button", name="Ouvrir la place à pourvoir").click()
    expect(page.get_by_text("Place à pourvoir ouverte.", exact=True)).to_be_visible()
    page.wait_for_load_state("load")  # back on the slots page: its audit must finish before the next click


def test_the_partners_page_shows_coherence_and_the_builder_proposes_a_consortium(page: Page, visit):
    log_in(page, visit, CAMILLE)
    visit(page, "/projets/nouveau/")
    lead = field(page, "Structure porteuse")
    lead.select_option(index=1 if lead.locator("option").first.get_attribute("value") == "" else 0)
    field(page, "Titre").fill(PROJECT)
    field(page, "Résumé").fill("Des trajets partagés entre habitants des villages, organisés avec eux.")
    field(page, "Besoin social, sociétal ou environnemental auquel le projet répond").fill(
        "Les habitants sans voiture des vallées n'accèdent ni à l'emploi ni aux soins."
    )
    field(page, "Bénéficiaires").fill("Habitants sans voiture des vallées.")
    field(page, "Type d'innovation").select_option(label="réponse à un besoin non satisfait")
    field(page, "Type d'action").select_option(label="R&D sociale ou expérimentation")
    field(page, "Phase").select_option(label="émergence de l'innovation")
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROJECT)

    open_slot(page, "Laboratoire de sociologie des mobilités", "université ou laboratoire de recherche")
    open_slot(page, "Entreprise de transport", "entreprise")

    page.get_by_role("navigation", name="Gestion du projet").get_by_role(
        "link", name="Partenaires", exact=True
    ).click()
    panel = page.get_by_role("region", name="Cohérence du partenariat")
    checks = panel.get_by_role("listitem")
    expect(checks).to_have_count(5)
    expect(checks.filter(has_text="Un partenaire de recherche")).to_contain_text("À compléter")
    expect(checks.filter(has_text="Un partenaire de recherche")).to_contain_text(
        "Laboratoire de sociologie des mobilités"  # the open slot that would bring one
    )
    expect(checks.filter(has_text="Places ouvertes pourvues")).to_contain_text("2 places encore ouvertes")

    panel.get_by_role("link", name="Proposer un partenaire pour chaque place ouverte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Compléter le consortium de « {PROJECT} »")
    boxes = page.get_by_role("checkbox", name=re.compile(r"^Inviter .+ pour la place "))
    expect(boxes).to_have_count(2)
    for index in range(2):
        expect(boxes.nth(index)).to_be_checked()
    expect(page.get_by_role("heading", level=3, name="Pourquoi cette suggestion ?")).to_have_count(2)

    for index in range(2):  # with the keyboard: each box is reached and unticked with the space bar
        boxes.nth(index).focus()
        page.keyboard.press("Space")
        expect(boxes.nth(index)).not_to_be_checked()
    page.get_by_role("button", name="Inviter ces partenaires").click()
    expect(page.get_by_role("alert")).to_contain_text("Cochez au moins une structure à inviter.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Compléter le consortium de « {PROJECT} »")
