"""Events in a real browser: a structure publishes an event, people register, the waiting list moves.

Camille, admin of an association, drafts an event with one place and publishes it in the agenda. The Région's
staff account takes the place; Camille, registering next, waits. Staff cancels: Camille is promoted at once,
told by email, and now sees the online link and finds it in her calendar file, her schedule to print and
the event in the agenda's month view. Every page is audited by axe
(conftest.py).
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import Browser, Page, expect

from tests.browser.people import log_in, other_browser

STAFF = "admin@essaim.localhost"
CAMILLE = "camille@essaim.localhost"
LINK = "https://visio.example/forum-essaim"


def field(page: Page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(obligatoire\))?$"))


def registration(page: Page):
    return page.get_by_role("region", name="Inscription")


def test_a_freed_place_goes_to_the_person_waiting(
    page: Page, browser: Browser, visit, mailbox, live_server_url
):
    title = f"Forum des tiers-lieux {time.time_ns()}"
    camille = page
    log_in(camille, visit, CAMILLE)

    # --- 1. Camille drafts the event for her association, then publishes it. ---------------------------
    visit(camille, "/agenda/")
    camille.get_by_role("link", name="Organiser un événement").click()
    expect(camille.get_by_role("heading", level=1)).to_have_text("Organiser un événement")
    camille.wait_for_load_state("load")  # its audit must finish before the next navigation
    hosts = camille.get_by_role("main").get_by_role("list").get_by_role("link")
    if hosts.count():  # another browser test may have made her the admin of a second structure
        hosts.first.click()
        camille.wait_for_load_state("load")
    field(camille, "Titre").fill(title)
    field(camille, "Type").select_option(label="forum")
    field(camille, "Début").fill("2030-03-14T09:30")
    field(camille, "Fin").fill("2030-03-14T17:00")
    field(camille, "Lien de connexion").fill(LINK)
    field(camille, "Nombre de places").fill("1")
    camille.get_by_label("Rendez-vous d’affaires").check()
    camille.get_by_role("button", name="Enregistrer en brouillon").click()
    expect(camille.get_by_role("heading", level=1)).to_have_text(title)
    expect(camille.get_by_text("brouillon : absent de l’agenda")).to_be_visible()
    camille.get_by_role("button", name="Publier").click()
    expect(camille.get_by_text("Événement publié dans l’agenda.")).to_be_visible()
    event_path = re.sub(r"^https?://[^/]+", "", camille.url)

    with other_browser(browser, live_server_url) as staff:
        # --- 2. Staff finds it in the agenda and takes the only place. -----------------------------------
        log_in(staff, visit, STAFF)
        visit(staff, "/agenda/?mode=online")
        staff.get_by_role("link", name=title).click()
        registration(staff).get_by_role("button", name="S’inscrire").wait_for()
        staff.wait_for_load_state("load")  # its audit must finish before the next navigation
        registration(staff).get_by_role("button", name="S’inscrire").click()
        expect(
            staff.get_by_text("Vous êtes inscrit ou inscrite : votre place est confirmée.").first
        ).to_be_visible()

        # --- 3. Camille registers next: the event is full, she waits. ------------------------------------
        visit(camille, event_path)
        registration(camille).get_by_role("button", name="S’inscrire sur la liste d’attente").click()
        expect(registration(camille)).to_contain_text("Vous êtes sur la liste d’attente.")

        # --- 4. Staff cancels: Camille is promoted and told by email. ----------------------------------
        sent = len(mailbox.messages())
        registration(staff).get_by_role("button", name="Annuler mon inscription").click()
        expect(staff.get_by_text("Votre inscription est annulée.")).to_be_visible()
        mail = mailbox.wait_for(to=CAMILLE, after=sent)
        assert f"Une place s’est libérée : votre inscription à « {title} » est confirmée." in mail.body

    visit(camille, event_path)
    expect(registration(camille)).to_contain_text("votre place est confirmée")

    # --- 5. The attendee list names her; the calendar file holds the event at Paris time. --------------
    camille.get_by_role("link", name="Inscrits").click()
    expect(camille.get_by_role("region", name=re.compile("1 place confirmée sur 1"))).to_contain_text(CAMILLE)
    calendar = camille.request.get(f"{event_path}evenement.ics")
    assert calendar.ok
    body = calendar.body().replace(b"\r\n ", b"").decode()
    assert "DTSTART;TZID=Europe/Paris:20300314T093000" in body

    # --- 6. Partner meetings are open to her as a confirmed registrant (nobody else to meet yet). -------
    visit(camille, event_path)
    camille.get_by_role("link", name="Rendez-vous d’affaires : demander, répondre, mon programme").click()
    expect(camille.get_by_role("heading", level=1)).to_have_text(f"Rendez-vous d’affaires à « {title} »")
    expect(camille.get_by_text("Aucune autre personne inscrite à rencontrer pour l’instant.")).to_be_visible()
    camille.wait_for_load_state("load")  # its audit must finish before the next navigation

    # --- 7. Her schedule to print (empty yet) and the agenda's month view, both audited. ----------------
    visit(camille, f"{event_path}rendez-vous/programme/")
    expect(camille.get_by_role("heading", level=1)).to_have_text(f"Mon programme à « {title} »")
    expect(camille.get_by_role("link", name="Le télécharger en PDF")).to_be_visible()
    visit(camille, "/agenda/mois/2030/3/")
    month = camille.get_by_role("table", name="Mars 2030")
    expect(month.get_by_role("cell").filter(has=camille.get_by_role("link", name=title))).to_contain_text(
        "14"
    )
    expect(camille.get_by_role("link", name=re.compile("^Mois suivant : avril 2030$"))).to_be_visible()
