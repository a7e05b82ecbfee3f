"""Two people talk live in a room, each in their own browser (two Chromium contexts on the live server).

The Région's staff account writes to Camille's association from its public page, which opens a direct
conversation; Camille (the association's admin) sees her header's unread count move while she is elsewhere on
the site, opens the room, and both exchange messages without reloading, each seeing the other typing. axe
audits the room page with its live messages. When Camille's connection drops, nothing is lost or doubled: what
was posted meanwhile arrives on reconnection, and what she wrote offline is sent then. The pages are the
English ones (/en/) so that the assertions do not wait for the French catalogue of the live scripts' strings.
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.people import log_in, other_browser
from tests.browser.rooms import CAMILLE, path_of, staff_writes_to_camilles_association
from tests.browser.server import DEMO_PASSWORD

LIVE_TIMEOUT = 10_000  # ms for something sent by one browser to show in the other


def unread_in_header(page: Page) -> int:
    wrap = page.locator('[data-count-wrap="rooms"]')
    return int(page.locator('[data-count="rooms"]').text_content()) if wrap.is_visible() else 0


def expect_unread_in_header(page: Page, count: int, timeout: int = 5_000) -> None:
    """The header's unread-messages count (its badge is hidden at zero)."""
    if count:
        expect(page.locator('[data-count="rooms"]')).to_have_text(str(count), timeout=timeout)
        expect(page.locator('[data-count-wrap="rooms"]')).to_be_visible()
    else:
        expect(page.locator('[data-count-wrap="rooms"]')).to_be_hidden(timeout=timeout)


def live_state(page: Page):
    """The room's connection state, shown discreetly in a polite live region."""
    return page.locator("[data-room-status]")


def test_two_members_talk_live_in_a_room(
    page: Page, browser: Browser, visit, assert_accessible, live_server_url
):
    staff = page
    with other_browser(browser, live_server_url) as camille:
        # The staff account writes to Camille's association from its public page: a direct conversation opens.
        text = "Bonjour, pouvons-nous parler de votre projet ?"
        room_path = staff_writes_to_camilles_association(staff, camille, visit, text)
        expect(live_state(staff)).to_have_text("Connected", timeout=LIVE_TIMEOUT)

        # Camille is elsewhere on the site: the header counts what she has not read, and moves live.
        visit(camille, "/en/annuaire/")
        before = unread_in_header(camille)  # the demo content may have left her other unread messages
        assert before >= 1
        expect(camille.locator("[data-live-header]")).to_have_attribute("data-connection", "online")
        composer = staff.get_by_label(re.compile("^Your message"))
        composer.fill("Je vous envoie aussi le dossier.")
        composer.press("Control+Enter")
        expect(
            staff.locator(".room-message").filter(has_text="Je vous envoie aussi le dossier.")
        ).to_have_count(1)
        expect(composer).to_be_focused()  # the composer keeps the focus after sending
        expect(composer).to_have_value("")
        expect_unread_in_header(camille, before + 1, timeout=LIVE_TIMEOUT)

        # She opens the room: both messages, read now; the header says so.
        camille.get_by_role("link", name=re.compile("^My rooms")).click()
        camille.wait_for_load_state("load")  # its audit must be able to finish before the next navigation
        camille.get_by_role("link", name=re.compile("Équipe Région")).click()
        expect(camille).to_have_url(re.compile(re.escape(room_path) + "$"))
        # Both messages, once each (the room may hold earlier ones: test_mentions writes in the same room).
        for text in ("Bonjour, pouvons-nous parler de votre projet ?", "Je vous envoie aussi le dossier."):
            expect(camille.locator(".room-message").filter(has_text=text)).to_have_count(1)
        earlier = camille.locator(".room-message").count() - 2  # messages of the room before this test's
        expect_unread_in_header(camille, before - 1)
        expect(live_state(camille)).to_have_text("Connected", timeout=LIVE_TIMEOUT)

        # Typing shows on the other side; the message arrives live, once.
        her_composer = camille.get_by_label(re.compile("^Your message"))
        her_composer.press_sequentially("Avec plaisir", delay=20)
        expect(staff.locator("[data-room-typing]")).to_have_text(
            "Camille Lefebvre is typing…", timeout=LIVE_TIMEOUT
        )
        her_composer.fill("Avec plaisir : jeudi 10 h ?")
        camille.get_by_role("button", name="Send").click()
        expect(her_composer).to_be_focused()
        answer = staff.locator(".room-message").filter(has_text="Avec plaisir : jeudi 10 h ?")
        expect(answer).to_have_count(1, timeout=LIVE_TIMEOUT)
        expect(answer.locator("[data-slot=author]")).to_have_text("Camille Lefebvre")
        expect(staff.locator("[data-room-typing]")).to_have_text("")

        # And back: the staff's reply reaches Camille's open room, which she is reading (nothing left unread).
        composer.fill("Parfait, à jeudi.")
        staff.get_by_role("button", name="Send").click()
        expect(camille.locator(".room-message").filter(has_text="Parfait, à jeudi.")).to_have_count(
            1, timeout=LIVE_TIMEOUT
        )
        # Her reply and his answer came live, once each, on both sides.
        for side in (camille, staff):
            for text in ("Avec plaisir : jeudi 10 h ?", "Parfait, à jeudi."):
                expect(side.locator(".room-message").filter(has_text=text)).to_have_count(1)
        expect(camille.locator("[data-room-announcer]")).to_contain_text("New message from Équipe Région")
        expect_unread_in_header(camille, before - 1)

        # Who is online, and the page with its live messages passes axe in both browsers.
        expect(staff.locator("[data-room-presence] li")).to_have_count(2, timeout=LIVE_TIMEOUT)
        assert_accessible(staff)
        assert_accessible(camille)

        # Her connection drops: what is posted meanwhile arrives when it comes back, and what she wrote while
        # offline is sent then — each message exactly once on both sides.
        camille.context.set_offline(True)
        camille.evaluate(
            "() => { const socket = window.essaimRoom.socket; if (socket.ws) socket.ws.close(); }"
        )
        expect(live_state(camille)).to_have_text("Offline", timeout=LIVE_TIMEOUT)
        composer.fill("Message envoyé pendant la coupure")
        composer.press("Control+Enter")
        her_composer.fill("Écrit hors ligne")
        her_composer.press("Control+Enter")
        pending = camille.locator(".room-message--pending").filter(has_text="Écrit hors ligne")
        expect(pending).to_contain_text("Sending…")
        camille.context.set_offline(False)
        expect(live_state(camille)).to_have_text("Connected", timeout=LIVE_TIMEOUT)
        for person in (camille, staff):
            for text in ("Message envoyé pendant la coupure", "Écrit hors ligne"):
                expect(person.locator(".room-message[data-id]").filter(has_text=text)).to_have_count(
                    1, timeout=LIVE_TIMEOUT
                )
            expect(person.locator(".room-message")).to_have_count(earlier + 6)

        # A reload shows the same conversation, each message once, as the server has it.
        camille.reload()
        expect(camille.locator(".room-message")).to_have_count(earlier + 6)

        # In a crowded room the ready frame counts who is online (spaces.actions.presence.roster): the page
        # shows the count and no names (the frame as the server sends it past SPACES_PRESENCE_LIST_MAX).
        staff.evaluate("() => window.essaimRoom.onFrame({type: 'ready', room: 1, last_seq: 0, count: 60})")
        expect(staff.locator("[data-room-presence-count]")).to_have_text("60")
        expect(staff.locator("[data-room-presence] li")).to_have_count(0)


def test_the_spaces_pages_pass_axe_and_the_room_works_without_javascript(
    page: Page, browser: Browser, visit, live_server_url
):
    """Camille (a member of the demo space) goes through the spaces pages, each audited by axe; then, in a
    browser with JavaScript turned off, reads the space's welcome room and posts, replies and edits by forms."""
    log_in(page, visit, CAMILLE)
    visit(page, "/en/espaces/")
    page.get_by_role("link", name="Communauté", exact=False).first.click()
    page.wait_for_load_state("load")  # its audit must be able to finish before the next navigation
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("link", name=re.compile("^Accueil")).click()
    expect(page.locator(".room-message")).not_to_have_count(0)
    room_path = path_of(page.url)
    visit(page, f"/en/salons/recherche/?q=atelier&salon={room_path.rstrip('/').rsplit('/', 1)[-1]}")
    expect(page.get_by_role("status")).to_contain_text("found")
    visit(page, "/en/mon-espace/notifications/")
    visit(page, "/en/mon-espace/")
    expect(page.get_by_role("heading", name="My rooms")).to_be_visible()

    context = browser.new_context(java_script_enabled=False, base_url=live_server_url)
    context.set_default_timeout(10_000)
    try:
        plain = context.new_page()
        plain.goto("/en/comptes/login/")
        form = plain.locator("form").filter(has=plain.locator("input[name=password]"))
        form.locator("input[name=login]").fill(CAMILLE)
        form.locator("input[name=password]").fill(DEMO_PASSWORD)
        form.locator("button[type=submit]").click()
        plain.goto(room_path)
        expect(plain.locator("[data-room-status]")).to_have_text("")  # no live connection without JavaScript
        count = plain.locator(".room-message").count()

        plain.get_by_label(re.compile("^Your message")).fill("Envoyé sans JavaScript")
        plain.get_by_role("button", name="Send").click()
        expect(plain.get_by_text("Message sent.")).to_be_visible()
        expect(plain.locator(".room-message")).to_have_count(count + 1)

        mine = plain.locator(
            "#" + plain.locator(".room-message").filter(has_text="Envoyé sans JavaScript").get_attribute("id")
        )
        mine.get_by_role("link", name="Reply").click()
        expect(plain.locator("[data-composer-context]")).to_contain_text("Replying to Camille Lefebvre")
        plain.get_by_label(re.compile("^Your message")).fill("Une réponse, par formulaire")
        plain.get_by_role("button", name="Send").click()
        reply = plain.locator(".room-message").filter(has_text="Une réponse, par formulaire")
        expect(reply.locator(".room-message__quote")).to_contain_text("Envoyé sans JavaScript")

        mine.get_by_role("link", name="Edit").click()
        plain.get_by_label(re.compile("^Your message")).fill("Envoyé sans JavaScript (corrigé)")
        plain.get_by_role("button", name="Save").click()
        expect(plain.get_by_text("Message edited.")).to_be_visible()
        expect(mine.locator(".room-message__text")).to_have_text("Envoyé sans JavaScript (corrigé)")
        expect(mine.locator("[data-slot=edited]")).to_be_visible()
    finally:
        context.close()
