"""Issue #12's « Done when », in a real browser: from a suggestion to a partnership and the project's room.

The Région's staff account (an editor of every project) opens a partner slot of its own on a published project
Camille's association has nothing to do with yet, shaped so the association fits it (its kind, what it offers).
On the slot page the association is suggested; the « Pourquoi cette suggestion ? » details open with the
keyboard; « Inviter » leads to the invitation form, pre-filled. Camille gets the notification (bell count) and
the email, accepts on « Mon espace »; the partnership appears on the public project page, and Camille, a member
of the association, may now enter the project's room, which answered 404 before. Every page is audited by axe.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import Browser, Page, expect

from tests.browser import a11y
from tests.browser.people import log_in, other_browser

STAFF = "admin@essaim.localhost"
CAMILLE = "camille@essaim.localhost"
NATURE = "partenaire suggéré"
ROLE = "Apporte ce que la place recherche."


def settled(page: Page) -> None:
    """Wait for the audit of a page reached by a click before acting on it (on a loaded machine the audit
    may take longer than a navigation waits for it)."""
    a11y.AccessibilityGuard.of(page).settle(page)


def bell(page: Page) -> int:
    wrap = page.locator('[data-count-wrap="notifications"]')
    return int(page.locator('[data-count="notifications"]').text_content()) if wrap.is_visible() else 0


def association_profile(page: Page, visit) -> tuple[str, str, str, list[str]]:
    """Camille's association: its name, directory path, kind (as the directory shows it) and what it offers."""
    visit(page, "/mon-espace/")
    link = page.get_by_role("main").locator(".card h3 a[href*='/annuaire/']").first
    name = link.inner_text().strip()
    path = re.sub(r"^https?://[^/]+", "", link.get_attribute("href"))
    visit(page, path)
    kind = page.locator(".page-header__meta .badge").first.inner_text().strip()
    offers = page.get_by_role("region", name="Ce qu'elle propose").locator("li.badge")
    return name, path, kind, [offers.nth(i).inner_text().strip() for i in range(offers.count())]


def project_free_of(page: Page, visit, association: str) -> tuple[str, str, str]:
    """A published project where ``association`` is neither lead, partner nor invited: path, slug and title."""
    visit(page, "/projets/")
    links = (
        page.get_by_role("main").get_by_role("listitem").get_by_role("heading", level=3).get_by_role("link")
    )
    paths = [re.sub(r"^https?://[^/]+", "", links.nth(i).get_attribute("href")) for i in range(links.count())]
    for path in reversed(paths):  # the other journeys start from the first ones
        visit(page, path)
        if association in page.get_by_role("main").inner_text():
            continue
        title = page.get_by_role("heading", level=1).inner_text().strip()
        visit(page, f"{path}partenaires/")
        if association in page.get_by_role("main").inner_text():
            continue
        return path, path.rstrip("/").rsplit("/", 1)[-1], title
    raise AssertionError(f"no published project is free of {association}")


def open_a_fitting_slot(page: Page, visit, slug: str, kind: str, offers: list[str]) -> str:
    """Open a slot on project ``slug`` asking for ``kind`` and ``offers``, anywhere; returns its title."""
    title = f"Partenaire du parcours {int(time.time() * 1000) % 100000}"
    visit(page, f"/projets/{slug}/places/nouvelle/")
    form = page.get_by_role("main").locator("form[method=post]")
    form.get_by_label(re.compile(r"^Rôle recherché", re.I)).fill(title)
    kinds = form.get_by_role("group", name=re.compile(r"^Types de structure recherchés"))
    kinds.get_by_role("checkbox", name=re.compile(rf"^{re.escape(kind)}$", re.I)).check()
    sought = form.get_by_role("group", name=re.compile(r"^Compétences et ressources recherchées"))
    for offer in offers:
        box = sought.get_by_role("checkbox", name=offer, exact=True)
        if box.count():
            box.check()
    form.get_by_label(re.compile(r"^Périmètre géographique", re.I)).select_option(label="partout")
    form.get_by_role("button", name="Ouvrir la place à pourvoir").click()
    expect(page.get_by_text(title).first).to_be_visible()
    settled(page)
    return title


def test_a_suggested_structure_invited_from_a_slot_becomes_a_partner_and_enters_the_room(
    page: Page, browser: Browser, visit, mailbox, live_server_url
):
    staff = page
    with other_browser(browser, live_server_url) as camille:
        log_in(camille, visit, CAMILLE)
        association, _association_path, kind, offers = association_profile(camille, visit)

        log_in(staff, visit, STAFF)
        project_path, slug, project_title = project_free_of(staff, visit, association)

        # Before: Camille is not one of the project's people; its room is not found for her.
        visit(camille, f"/projets/{slug}/salon/", status=404)
        visit(camille, project_path)
        expect(camille.get_by_role("link", name="Salon du projet")).to_have_count(0)

        # --- 1. The slot page suggests the association and says why. ---------------------------------------
        slot_title = open_a_fitting_slot(staff, visit, slug, kind, offers)
        staff.get_by_role("main").get_by_role(
            "link", name=re.compile(rf"^Partenaires suggérés pour\W+{re.escape(slot_title)}\W*$")
        ).click()
        expect(staff.get_by_role("heading", level=1, name=slot_title)).to_be_visible()
        settled(staff)
        suggestions = staff.get_by_role("region", name="Partenaires suggérés")
        card = suggestions.get_by_role("listitem").filter(
            has=staff.get_by_role("heading", level=3, name=association, exact=True)
        )
        expect(card).to_have_count(1)
        why = card.locator("details")
        expect(why).not_to_have_attribute("open", "")
        why.locator("summary").focus()
        staff.keyboard.press("Enter")
        expect(why).to_have_attribute("open", "")
        expect(why.get_by_role("table")).to_be_visible()
        expect(why.get_by_role("listitem").first).to_be_visible()

        # --- 2. « Inviter » leads to the invitation form, pre-filled with the structure and the slot. ------
        visit(camille, "/mon-espace/")
        before = bell(camille)
        sent = len(mailbox.messages())
        card.get_by_role("link", name=f"Inviter {association}", exact=True).click()
        form = staff.get_by_role("main").locator("form[method=post]").last
        expect(form.get_by_label(re.compile(r"^Structure à inviter"))).to_have_value(association)
        settled(staff)
        form.get_by_label(re.compile(r"^Nature du partenariat")).fill(NATURE)
        form.get_by_label(re.compile(r"^Rôle dans le projet")).fill(ROLE)
        form.get_by_label(re.compile(r"^Message")).fill("Le moteur de suggestions vous a trouvés.")
        form.get_by_role("button", name="Envoyer l'invitation").click()
        if staff.locator("#id_actor_error").count():  # another structure has the same name: pick ours
            staff.get_by_role("radio", name=re.compile(rf"^{re.escape(association)} — ")).first.check()
            staff.get_by_role("main").locator("form[method=post]").last.get_by_role(
                "button", name="Envoyer l'invitation"
            ).click()
        expect(staff.get_by_text(f"Invitation envoyée à {association}.", exact=True)).to_be_visible()

        # --- 3. Camille: the bell, the email, and the answer on « Mon espace ». ----------------------------
        mail = mailbox.wait_for(to=CAMILLE, after=sent)
        assert f"{project_title} invite {association}" in mail.subject, mail.subject
        visit(camille, "/mon-espace/")
        assert bell(camille) > before
        proposals = camille.get_by_role(
            "region", name="Propositions de partenariat en attente de votre réponse"
        )
        invitation = proposals.get_by_role("listitem").filter(
            has=camille.get_by_role("heading", level=3, name=project_title)
        )
        expect(invitation).to_contain_text(NATURE)
        invitation.get_by_role("button", name=f"Accepter l'invitation de {project_title}").click()
        expect(
            camille.get_by_text(f"{association} et {project_title} sont désormais partenaires.", exact=True)
        ).to_be_visible()
        settled(camille)

        # --- 4. The partnership is public; the project's room opens to the association's members. ---------
        with other_browser(browser, live_server_url) as stranger:
            visit(stranger, project_path)
            consortium = stranger.get_by_role("region", name="Dimension collective et gouvernance")
            item = consortium.get_by_role("listitem").filter(
                has=stranger.get_by_role("link", name=association, exact=True)
            )
            expect(item).to_have_count(1)
            expect(item).to_contain_text(ROLE)

        visit(camille, project_path)
        camille.get_by_role("link", name="Salon du projet").click()
        expect(camille).to_have_url(re.compile(r"/salons/\d+/$"))
        expect(camille.get_by_role("main")).to_be_visible()
