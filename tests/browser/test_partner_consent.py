"""A partnership needs both sides' consent, in a real browser.

The Région's staff account (an editor of every project) invites Camille's association from a published
project's partners page; the association is not a partner yet. Camille receives the email with the link,
logs in, finds the invitation on « Mon espace » and accepts it with a plain form; the partnership then
appears on the public project page, for anonymous visitors too. Every page is audited by axe (conftest.py).
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.people import log_in, other_browser

STAFF = "admin@essaim.localhost"
CAMILLE = "camille@essaim.localhost"
NATURE = "partenaire de terrain"
ROLE = "Anime les ateliers avec les habitants du quartier."


def camilles_association(page: Page, visit) -> str:
    visit(page, "/mon-espace/")
    return page.get_by_role("main").locator(".card h3 a[href*='/annuaire/']").first.inner_text().strip()


def consortium(page: Page):
    return page.get_by_role("region", name="Dimension collective et gouvernance")


def invite_from_a_published_project(page: Page, visit, association: str) -> tuple[str, str]:
    """Invite ``association`` from the first published project it has nothing to do with yet; returns the
    project's path and title."""
    visit(page, "/projets/")
    links = (
        page.get_by_role("main").get_by_role("listitem").get_by_role("heading", level=3).get_by_role("link")
    )
    paths = [re.sub(r"^https?://[^/]+", "", links.nth(i).get_attribute("href")) for i in range(links.count())]
    for path in paths:
        visit(page, path)
        if association in page.get_by_role("main").inner_text():
            continue  # its lead, a partner, or already invited elsewhere on the page
        title = page.get_by_role("heading", level=1).inner_text().strip()
        visit(page, f"{path}partenaires/")
        if association in page.get_by_role("main").inner_text():
            continue  # a proposal is already waiting
        form = page.get_by_role("main").locator("form[method=post]").last
        form.get_by_label(re.compile(r"^Structure à inviter")).fill(association)
        form.get_by_label(re.compile(r"^Nature du partenariat")).fill(NATURE)
        form.get_by_label(re.compile(r"^Rôle dans le projet")).fill(ROLE)
        form.get_by_label(re.compile(r"^Message")).fill("Votre association serait précieuse pour ce projet.")
        form.get_by_role("button", name="Envoyer l'invitation").click()
        if page.locator("#id_actor_error").count():
            choice = page.get_by_role("radio", name=re.compile(rf"^{re.escape(association)} — "))
            if not choice.count():
                continue
            choice.first.check()
            page.get_by_role("main").locator("form[method=post]").last.get_by_role(
                "button", name="Envoyer l'invitation"
            ).click()
        expect(page.get_by_text(f"Invitation envoyée à {association}.", exact=True)).to_be_visible()
        return path, title
    raise AssertionError(f"no published project could invite {association}")


def test_an_invited_structure_becomes_a_partner_only_once_its_admin_accepts(
    page: Page, browser: Browser, visit, mailbox, live_server_url
):
    staff = page
    with other_browser(browser, live_server_url) as camille:
        log_in(camille, visit, CAMILLE)
        association = camilles_association(camille, visit)

        # --- 1. An editor invites the association from the partners page. --------------------------------
        log_in(staff, visit, STAFF)
        sent = len(mailbox.messages())
        project_path, title = invite_from_a_published_project(staff, visit, association)
        pending = staff.get_by_role("listitem").filter(
            has=staff.get_by_role("heading", level=3, name=association, exact=True)
        )
        expect(pending.get_by_role("button", name=f"Retirer l'invitation à {association}")).to_be_visible()

        # Not a partner yet: the public page does not list it.
        with other_browser(browser, live_server_url) as stranger:
            visit(stranger, project_path)
            expect(consortium(stranger).get_by_role("link", name=association, exact=True)).to_have_count(0)

        # --- 2. Camille gets the email with the link, and the invitation on « Mon espace ». -------------
        mail = mailbox.wait_for(to=CAMILLE, after=sent)
        assert f"{title} invite {association}" in mail.subject, mail.subject
        assert re.search(r"https?://\S+/invitations-partenaires/", mail.body), mail.body

        visit(camille, "/mon-espace/")
        proposals = camille.get_by_role(
            "region", name="Propositions de partenariat en attente de votre réponse"
        )
        card = proposals.get_by_role("listitem").filter(
            has=camille.get_by_role("heading", level=3, name=title)
        )
        expect(card).to_contain_text(NATURE)
        expect(card).to_contain_text("Votre association serait précieuse pour ce projet.")
        card.get_by_role("button", name=f"Accepter l'invitation de {title}").click()
        expect(
            camille.get_by_text(f"{association} et {title} sont désormais partenaires.", exact=True)
        ).to_be_visible()
        expect(
            camille.get_by_role("button", name=f"Accepter l'invitation de {title}", exact=True)
        ).to_have_count(0)

        # --- 3. The partnership appears on the public project page, for everyone. ----------------------
        with other_browser(browser, live_server_url) as stranger:
            visit(stranger, project_path)
            item = (
                consortium(stranger)
                .get_by_role("listitem")
                .filter(has=stranger.get_by_role("link", name=association, exact=True))
            )
            expect(item).to_have_count(1)
            expect(item.locator("strong")).to_have_text(NATURE)
            expect(item).to_contain_text(ROLE)


def test_an_invitation_left_unanswered_expires(
    page: Page, browser: Browser, visit, server_command, live_server_url
):
    """Past its expiry an invitation can no longer be accepted, even before the daily sweep; the sweep
    (``manage.py expire_partner_invitations``, run against the live server's database) records it."""
    staff = page
    with other_browser(browser, live_server_url) as camille:
        log_in(camille, visit, CAMILLE)
        association = camilles_association(camille, visit)
        log_in(staff, visit, STAFF)
        project_path, title = invite_from_a_published_project(staff, visit, association)
        slug = project_path.strip("/").split("/")[-1]
        withdraw = staff.get_by_role("button", name=f"Retirer l'invitation à {association}")
        expect(withdraw).to_be_visible()
        visit(camille, "/mon-espace/")
        accept = camille.get_by_role("button", name=f"Accepter l'invitation de {title}")
        expect(accept).to_be_visible()

        # Time passes: the invitation's expiry is moved to a second ago on the server's own database.
        server_command(
            "shell",
            "-c",
            "from datetime import timedelta; from django.utils import timezone; "
            "from ecosystem.models import PartnerInvitation; "
            f"PartnerInvitation.objects.filter(project__slug={slug!r}, status='pending')"
            ".update(expires_at=timezone.now() - timedelta(seconds=1))",
        )
        visit(camille, "/mon-espace/")
        expect(accept).to_have_count(0)  # expired: no longer offered, even before the daily sweep

        # The sweep records it as expired: it leaves the project's pending proposals.
        server_command("expire_partner_invitations")
        visit(staff, f"{project_path}partenaires/")
        expect(staff.get_by_role("heading", level=1)).to_be_visible()
        expect(withdraw).to_have_count(0)
