"""Following and the digest, in a real browser (issue #16, « Done when »).

The Région's staff account follows a theme from « Mon fil »; Camille describes a project on that theme and
publishes it; it appears in the follower's feed; the digest command (the django-tasks task, run at once by the
live server's settings) sends the follower one email listing it, read back from the server's mail outbox; run
again, it sends them nothing. Then a report on a room message reaches the moderation queue in the Wagtail
admin; staff hide the message and it disappears from the room of the other person live. Every page of the
site is audited by axe (conftest.py; the Wagtail admin is not).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.people import log_in, other_browser
from tests.browser.rooms import CAMILLE, STAFF, staff_writes_to_camilles_association
from tests.browser.server import REPO

THEME = "Économie de proximité"
PROJECT = "Épicerie solidaire itinérante du Vimeu"


def field(page: Page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(obligatoire\))?$"))


@pytest.fixture
def server_env(_live_server) -> dict[str, str]:
    """The live server's environment: the digest command runs against its database and its mail outbox."""
    return _live_server.env


def send_digests(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", "send_digests"], cwd=REPO, env=env, check=True, timeout=300)


def test_a_follower_sees_a_new_project_on_their_theme_and_gets_one_digest(
    page: Page, browser: Browser, visit, mailbox, live_server_url, server_env
):
    # --- 1. Staff follows a theme from « Mon fil ». -----------------------------------------------------
    follower = page
    log_in(follower, visit, STAFF)
    visit(follower, "/mon-espace/fil/")
    field(follower, "Thématique").select_option(label=THEME)
    follower.get_by_role("button", name="Suivre cette thématique").click()
    expect(follower.get_by_text(f"Vous suivez désormais « {THEME} ».")).to_be_visible()
    expect(follower.get_by_role("region", name="Ce que vous suivez")).to_contain_text(THEME)

    # --- 2. Camille describes a project on that theme and publishes it. --------------------------------
    with other_browser(browser, live_server_url) as camille:
        log_in(camille, visit, CAMILLE)
        visit(camille, "/projets/nouveau/")
        lead = field(camille, "Structure porteuse")
        values = [v for v in lead.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
        lead.select_option(value=values[0])  # one of the structures Camille belongs to
        field(camille, "Titre").fill(PROJECT)
        field(camille, "Résumé").fill("Une épicerie sur roues pour les villages sans commerce.")
        field(camille, "Besoin social, sociétal ou environnemental auquel le projet répond").fill(
            "Des villages sans commerce de proximité."
        )
        field(camille, "Bénéficiaires").fill("Habitants âgés des villages du Vimeu.")
        field(camille, "Type d'innovation").select_option(label="réponse à un besoin non satisfait")
        field(camille, "Type d'action").select_option(label="R&D sociale ou expérimentation")
        camille.get_by_role("group", name=re.compile("^Priorités régionales", re.I)).get_by_label(
            THEME, exact=True
        ).check()
        camille.get_by_role("button", name="Créer le brouillon").click()
        expect(camille.locator(".error-summary")).to_have_count(0)
        expect(camille.get_by_role("heading", level=1)).to_have_text(PROJECT)
        camille.get_by_role("button", name="Publier").click()
        expect(camille.get_by_text("Projet publié.")).to_be_visible()

    # --- 3. It appears in the follower's feed. --------------------------------------------------------
    visit(follower, "/mon-espace/fil/")
    news = follower.get_by_role("link", name=re.compile(rf"a publié le projet « {re.escape(PROJECT)} »"))
    expect(news).to_be_visible()

    # --- 4. The digest lists it, once. -------------------------------------------------------------------
    before = len(mailbox.messages())
    send_digests(server_env)
    digest = mailbox.wait_for(to=STAFF, after=before)
    assert digest.subject == "[Essaim] Du nouveau pour vous sur Essaim"
    assert PROJECT in digest.body
    assert "/e-mails/desabonnement/" in digest.body
    after = len(mailbox.messages())
    send_digests(server_env)
    time.sleep(1)
    assert [m for m in mailbox.messages()[after:] if STAFF in m.to] == []


REPORTED = "Achetez nos montres de luxe à prix cassés !"


def test_a_reported_message_is_hidden_by_staff_and_leaves_the_room_live(
    page: Page, browser: Browser, visit, live_server_url
):
    staff = page
    with other_browser(browser, live_server_url) as camille:
        # The staff account writes to Camille's association: a direct conversation with one message.
        room_path = staff_writes_to_camilles_association(staff, camille, visit, REPORTED)

        # Camille reports it from the room.
        visit(camille, room_path)
        message = camille.locator(".room-message").filter(has_text=REPORTED)
        message.get_by_role("link", name="Report").click()
        camille.get_by_label("spam or advertising").check()
        camille.get_by_role("button", name="Send the report").click()
        expect(camille.get_by_text("Thank you: the moderators will look at your report.")).to_be_visible()
        expect(camille.locator(".room-message").filter(has_text=REPORTED)).to_have_count(1)
        expect(camille.locator("[data-room-status]")).to_have_text("Connected", timeout=10_000)

        # The report reaches the queue; staff hide the message.
        staff.goto("/admin/reports/")
        staff.locator("table tbody tr").first.locator("a[href*='/admin/reports/edit/']").first.click()
        staff.locator("select[name=decision]").select_option(value="hide")
        staff.locator("[name=decision_note]").fill("Publicité")
        staff.locator("form button[type=submit]").filter(
            has_text=re.compile("Enregistrer|Save")
        ).first.click()
        expect(staff).to_have_url(re.compile(r"/admin/reports/$"))

        # It disappears from the room for Camille at once, without reloading.
        expect(camille.locator(".room-message").filter(has_text=REPORTED)).to_have_count(0, timeout=10_000)
        expect(camille.get_by_text("This message was deleted.")).to_be_visible()
