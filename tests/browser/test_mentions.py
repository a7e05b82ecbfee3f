"""An @mention notifies the person mentioned, live, and the notification leads to the message.

Two people in one room, each in their own browser: the Région's staff account writes to Camille's association
(a direct conversation, of which Camille, its admin, is a member), then mentions her by her handle. Camille's
bell count goes up without reloading, and her notification opens the room at that message. English pages
(/en/) so the assertions do not wait for the French catalogue of the live scripts' strings.
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.people import other_browser
from tests.browser.rooms import staff_writes_to_camilles_association

LIVE_TIMEOUT = 10_000


def bell(page: Page) -> int:
    wrap = page.locator('[data-count-wrap="notifications"]')
    return int(page.locator('[data-count="notifications"]').text_content()) if wrap.is_visible() else 0


def test_a_mention_rings_the_bell_live_and_leads_to_the_message(
    page: Page, browser: Browser, visit, live_server_url
):
    staff = page
    with other_browser(browser, live_server_url) as camille:
        staff_writes_to_camilles_association(staff, camille, visit, "Bonjour, une question sur votre projet.")
        expect(staff.locator("[data-room-status]")).to_have_text("Connected", timeout=LIVE_TIMEOUT)

        # Camille, elsewhere on the site, with whatever the conversation's opening already told her.
        visit(camille, "/en/annuaire/")
        expect(camille.locator("[data-live-header]")).to_have_attribute("data-connection", "online")
        before = bell(camille)

        composer = staff.get_by_label(re.compile("^Your message"))
        composer.fill("@camille-lefebvre pouvez-vous relire le budget ?")
        composer.press("Control+Enter")
        sent = staff.locator(".room-message").filter(has_text="pouvez-vous relire le budget")
        expect(sent).to_have_count(1)
        expect(sent.locator(".mention")).to_have_text("@camille-lefebvre")

        expect(camille.locator('[data-count="notifications"]')).to_have_text(
            str(before + 1), timeout=LIVE_TIMEOUT
        )
        visit(camille, "/en/mon-espace/notifications/")
        camille.locator(".notification-list a").first.click()
        expect(camille).to_have_url(re.compile(r"/en/salons/\d+/"))
        target = camille.locator(".room-message:target, .room-message--highlight")
        expect(target).to_contain_text("pouvez-vous relire le budget")
