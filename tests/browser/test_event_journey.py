"""Issue #17's journey, as worded: a tiers-lieu publishes a forum with 2 places; three people register, the
third waits; one cancels and the waiting person is promoted and notified; two registrants request a meeting,
one accepts, both see it in their schedule and in their calendar file.

Léa manages the demo tiers-lieu and its space (spaces.demo): she organises the forum from the space's page.
Camille and the Région's staff account take the two places; Sacha, a member of the space (told in the bell
when the forum is published), waits. Staff cancels: Sacha is promoted and told by email. Camille asks Sacha
for a partner meeting, Sacha accepts; both find it in their schedule and in their ``.ics``. The agenda, the
event, the meetings and the schedule pages are audited by axe on the way (conftest.py).
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
from playwright.sync_api import Browser, Page, expect

from tests.browser.people import log_in, other_browser

LEA = "lea@essaim.localhost"
CAMILLE = "camille@essaim.localhost"
SACHA = "sacha@essaim.localhost"
STAFF = "admin@essaim.localhost"
SPACE = "/espaces/demo-tiers-lieu/"
PARIS = ZoneInfo("Europe/Paris")


def field(page: Page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(obligatoire\))?$"))


def registration(page: Page):
    return page.get_by_role("region", name="Inscription")


def path_of(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def calendar_events(page: Page, path: str) -> list[icalendar.Event]:
    """The VEVENTs of a calendar file, fetched with the person's session and parsed back."""
    response = page.request.get(path)
    assert response.ok, response.status
    assert response.headers["content-type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.body()).walk("VEVENT")


def register(page: Page, visit, event_path: str, button: str) -> None:
    visit(page, event_path)
    page.wait_for_load_state("load")  # its audit must finish before the next navigation
    registration(page).get_by_role("button", name=button).click()


def test_a_tiers_lieu_forum_fills_its_two_places_promotes_the_third_and_hosts_a_meeting(
    page: Page, browser: Browser, visit, mailbox, live_server_url
):
    title = f"Forum du tiers-lieu {time.time_ns()}"
    lea = page
    log_in(lea, visit, LEA)

    # --- 1. Léa organises the forum from her space: 2 places, partner meetings, then publishes it. ------
    visit(lea, SPACE)
    lea.wait_for_load_state("load")
    lea.get_by_role("link", name="Organiser un événement").click()
    expect(lea.get_by_role("heading", level=1)).to_have_text("Organiser un événement")
    expect(lea.get_by_text(re.compile("^Organisé dans l’espace Tiers-lieu "))).to_be_visible()
    lea.wait_for_load_state("load")
    field(lea, "Titre").fill(title)
    field(lea, "Type").select_option(label="forum")
    field(lea, "Début").fill("2030-05-16T09:00")
    field(lea, "Fin").fill("2030-05-16T17:00")
    field(lea, "Adresse").fill("2 rue de la Halle")
    field(lea, "Nombre de places").fill("2")
    lea.get_by_label("Rendez-vous d’affaires").check()
    lea.get_by_role("button", name="Enregistrer en brouillon").click()
    expect(lea.get_by_role("heading", level=1)).to_have_text(title)
    expect(lea.get_by_text(re.compile("^Organisé dans l’espace Tiers-lieu "))).to_be_visible()
    lea.wait_for_load_state("load")
    lea.get_by_role("button", name="Publier").click()
    expect(lea.get_by_text("Événement publié dans l’agenda.")).to_be_visible()
    event_path = path_of(lea)

    # The space lists it and its feed carries it.
    visit(lea, SPACE)
    expect(
        lea.get_by_role("region", name="Événements à venir").get_by_role("link", name=title)
    ).to_be_visible()
    feed = lea.get_by_role("link", name="S’abonner aux événements de cet espace (.ics)").get_attribute("href")
    assert title in [str(e["SUMMARY"]) for e in calendar_events(lea, feed)]

    with (
        other_browser(browser, live_server_url) as camille,
        other_browser(browser, live_server_url) as staff,
        other_browser(browser, live_server_url) as sacha,
    ):
        # --- 2. Three people register: two places, the third waits. ----------------------------------
        log_in(camille, visit, CAMILLE)
        visit(camille, "/agenda/?kind=forum")  # the agenda lists it (and is audited)
        expect(camille.get_by_role("link", name=title)).to_be_visible()
        register(camille, visit, event_path, "S’inscrire")
        expect(registration(camille)).to_contain_text("votre place est confirmée")

        log_in(staff, visit, STAFF)
        register(staff, visit, event_path, "S’inscrire")
        expect(registration(staff)).to_contain_text("votre place est confirmée")

        log_in(sacha, visit, SACHA)
        visit(sacha, "/mon-espace/notifications/")  # a member of the space: told of the forum
        expect(
            sacha.get_by_role("link", name=re.compile(rf"organise « {re.escape(title)} »"))
        ).to_be_visible()
        register(sacha, visit, event_path, "S’inscrire sur la liste d’attente")
        expect(registration(sacha)).to_contain_text("Vous êtes sur la liste d’attente.")

        # --- 3. Staff cancels: Sacha is promoted and told by email. -------------------------------------
        sent = len(mailbox.messages())
        staff.wait_for_load_state("load")
        registration(staff).get_by_role("button", name="Annuler mon inscription").click()
        expect(staff.get_by_text("Votre inscription est annulée.")).to_be_visible()
        mail = mailbox.wait_for(to=SACHA, after=sent)
        assert f"Une place s’est libérée : votre inscription à « {title} » est confirmée." in mail.body
        visit(sacha, event_path)
        expect(registration(sacha)).to_contain_text("votre place est confirmée")

        # --- 4. Camille asks Sacha for a partner meeting; Sacha accepts. --------------------------------
        sacha.wait_for_load_state("load")
        meetings_link = "Rendez-vous d’affaires : demander, répondre, mon programme"
        visit(camille, event_path)
        camille.wait_for_load_state("load")
        camille.get_by_role("link", name=meetings_link).click()
        expect(camille.get_by_role("heading", level=1)).to_have_text(f"Rendez-vous d’affaires à « {title} »")
        camille.wait_for_load_state("load")
        camille.get_by_role("button", name="Demander un rendez-vous Sacha Roux").click()
        expect(camille.get_by_text("Rendez-vous demandé à Sacha Roux.")).to_be_visible()

        sacha.get_by_role("link", name=meetings_link).click()
        waiting = sacha.get_by_role("region", name="Demandes en attente de votre réponse")
        expect(waiting).to_contain_text("Camille Lefebvre")
        sacha.wait_for_load_state("load")
        waiting.get_by_role("button", name="Accepter Camille Lefebvre").click()
        expect(sacha.get_by_text("Rendez-vous accepté : il figure dans votre programme.")).to_be_visible()

        # --- 5. Both see it in their schedule and in their calendar file, at the same time and table. ----
        expect(sacha.get_by_role("region", name="Mon programme")).to_contain_text("Camille Lefebvre")
        visit(camille, f"{event_path}rendez-vous/")
        expect(camille.get_by_role("region", name="Mon programme")).to_contain_text("Sacha Roux")
        visit(camille, f"{event_path}rendez-vous/programme/")  # the schedule to print, audited
        expect(camille.get_by_role("heading", level=1)).to_have_text(f"Mon programme à « {title} »")
        expect(camille.get_by_role("main")).to_contain_text("Sacha Roux")

        files = {
            who: calendar_events(person, f"{event_path}rendez-vous/programme.ics")
            for who, person in (("camille", camille), ("sacha", sacha))
        }
        assert [len(events) for events in files.values()] == [1, 1]
        mine, theirs = files["camille"][0], files["sacha"][0]
        assert re.fullmatch(r"Rendez-vous avec Sacha Roux, table \d+", str(mine["SUMMARY"]))
        assert re.fullmatch(r"Rendez-vous avec Camille Lefebvre, table \d+", str(theirs["SUMMARY"]))
        assert str(mine["SUMMARY"]).rsplit(" ", 1)[1] == str(theirs["SUMMARY"]).rsplit(" ", 1)[1]
        starts = mine.decoded("DTSTART")
        assert starts == theirs.decoded("DTSTART")
        assert datetime(2030, 5, 16, 9, tzinfo=PARIS) <= starts < datetime(2030, 5, 16, 17, tzinfo=PARIS)
