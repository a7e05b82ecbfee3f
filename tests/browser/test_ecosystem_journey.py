"""The ecosystem's main journey in a real browser, as a newcomer lives it.

Sign up and confirm the email, create an organisation from « Mon espace », describe a project it leads,
invite two structures of the directory and open a partner slot, then publish: the public page shows it all,
to anonymous visitors too, who got a 404 while it was a draft — but not the invited structures, which are
partners only once they accept (their side of the journey: test_partner_consent.py). Every page is audited by axe (conftest.py).
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.people import other_browser

PASSWORD = "Ruche-de-Peronne-2026!"
ORGANISATION = "Les Abeilles de Péronne"
PROJECT = "Ruchers partagés du Santerre"
SLOT_TITLE = "Apiculteur ou apicultrice formateur·rice"
CONFIRM_LINK = re.compile(r"https?://\S+?(/comptes/confirm-email/\S+)")


def field(scope: Page | Locator, label: str) -> Locator:
    """The form control labelled ``label``, with or without the « (obligatoire) » mark."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}( \(obligatoire\))?$"))


def group(scope: Page | Locator, legend: str) -> Locator:
    """A fieldset (checkboxes, radios) named by its legend, with or without the « (obligatoire) » mark."""
    return scope.get_by_role("group", name=re.compile(rf"^{re.escape(legend)}( \(obligatoire\))?$"))


def success_message(page: Page, text: str) -> None:
    expect(page.get_by_text(text, exact=True)).to_be_visible()


def status_of(page: Page, path: str) -> int:
    """The HTTP status of the document ``page.goto`` opens (no redirect to a login page: that would be 200)."""
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    return response.status


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_a_newcomer_signs_up_creates_an_organisation_and_publishes_a_project(
    page: Page, browser: Browser, visit, mailbox, live_server_url
):
    email = f"nouvelle.{time.time_ns()}@example.org"

    # --- 1. Sign up, read the verification email, confirm: logged in. ---------------------------------
    visit(page, "/comptes/signup/")
    field(page, "Prénom").fill("Nina")
    field(page, "Nom").fill("Nouvelle")
    field(page, "E-mail").fill(email)
    page.get_by_label(re.compile(r"^Mot de passe( \(obligatoire\))?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Mot de passe \(confirmation\)")).fill(PASSWORD)
    sent = len(mailbox.messages())
    page.get_by_role("button", name="Création de compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre adresse e-mail")

    mail = mailbox.wait_for(to=email, after=sent)
    link = CONFIRM_LINK.search(mail.body)
    assert link, f"no confirmation link in:\n{mail.body}"
    visit(page, link.group(1))
    page.get_by_role("button", name=re.compile("Confirmer")).click()
    success_message(page, f"Vous avez confirmé {email}.")
    account = page.get_by_role("navigation", name="Votre compte")
    expect(account.get_by_role("button", name="Se déconnecter")).to_be_visible()
    expect(account.get_by_role("link", name="Se connecter")).to_have_count(0)

    # --- 2. « Mon espace » → create an organisation; its page says so, and I am its admin. -------------
    visit(page, "/mon-espace/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    page.get_by_role("main").get_by_role("link", name="Créer une structure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer une structure")
    field(page, "Nom").fill(ORGANISATION)
    field(page, "Type").select_option(label="association")
    field(page, "Commune").fill("Péronne")
    group(page, "Thématiques").get_by_label("Économie de proximité").check()
    group(page, "Compétences et ressources que vous proposez").get_by_label("Formation", exact=True).check()
    page.get_by_role("button", name="Créer la structure").click()

    # Were "Péronne" to name several communes, the error would offer them to choose from.
    commune_error = page.locator("#id_commune_error")
    if commune_error.count():
        page.get_by_role("radio", name=re.compile(r"^Péronne \(80620\)")).check()
        page.get_by_role("button", name="Créer la structure").click()

    success_message(page, "Structure créée. Vous en êtes administrateur·rice.")
    expect(page.get_by_role("heading", level=1)).to_have_text(ORGANISATION)
    expect(page.get_by_role("main")).to_contain_text("Péronne")
    actor_path = path_of(page.url)

    visit(page, "/mon-espace/")
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=ORGANISATION))
    expect(card).to_contain_text("Votre rôle : Administrateur·rice")
    expect(card.get_by_role("link", name=f"Modifier {ORGANISATION}")).to_be_visible()
    expect(card.get_by_role("link", name=ORGANISATION, exact=True)).to_have_attribute("href", actor_path)

    # --- Two public demo actors, read from the public project pages. -----------------------------------
    partners = demo_actor_names(page, visit, exclude={ORGANISATION}, count=2)

    # --- 3. A project led by the organisation, its partners and an open slot. --------------------------
    visit(page, "/projets/")
    page.get_by_role("main").get_by_role("link", name="Décrire un projet").click()
    expect(page).to_have_url(live_server_url + "/projets/nouveau/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau projet")
    # The only structure I belong to is the one I just created.
    lead = field(page, "Structure porteuse")
    expect(lead.get_by_role("option", name=ORGANISATION)).to_have_count(1)
    lead.select_option(label=ORGANISATION)
    field(page, "Titre").fill(PROJECT)
    field(page, "Résumé").fill("Des ruchers partagés où habitants et apiculteurs apprennent ensemble.")
    field(page, "Besoin social, sociétal ou environnemental auquel le projet répond").fill(
        "Le déclin des pollinisateurs et l'isolement des habitants des petites communes."
    )
    field(page, "Bénéficiaires").fill("Habitants, écoles et jardins partagés du Santerre.")
    field(page, "Type d'innovation").select_option(label="réponse à un besoin non satisfait")
    field(page, "Type d'action").select_option(label="R&D sociale ou expérimentation")
    field(page, "Phase").select_option(label="émergence de l'innovation")
    page.get_by_role("button", name="Créer le brouillon").click()

    success_message(page, "Projet créé en brouillon.")
    expect(page.get_by_role("heading", level=1)).to_have_text(PROJECT)
    expect(page.get_by_text("Brouillon — visible seulement par l'équipe du projet")).to_be_visible()
    project_path = path_of(page.url)

    # Before publication, nobody else sees the draft: 404, not a login page.
    with other_browser(browser, live_server_url) as stranger:
        assert status_of(stranger, project_path) == 404, "a stranger must not see the draft"

    management = page.get_by_role("navigation", name="Gestion du projet")
    management.get_by_role("link", name="Partenaires", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PROJECT)
    roles = {}
    for name, nature, role in [
        (partners[0], "co-conception", "Forme les habitants à l'apiculture."),
        (partners[1], "hébergement", "Accueille un rucher sur son terrain."),
    ]:
        invite_partner(page, name, nature, role)
        roles[name] = (nature, role)
    # Invited, not partners yet: listed among the proposals waiting for an answer, not in the consortium.
    expect(page.get_by_role("table")).to_have_count(0)
    for name, (nature, _role) in roles.items():
        card = page.get_by_role("listitem").filter(
            has=page.get_by_role("heading", level=3, name=name, exact=True)
        )
        expect(card).to_contain_text(nature)
        expect(card.get_by_role("button", name=f"Retirer l'invitation à {name}")).to_be_visible()

    page.get_by_role("navigation", name="Gestion du projet").get_by_role(
        "link", name="Places à pourvoir"
    ).click()
    # On the slots page, and loaded (so its audit is done) before the next navigating click.
    expect(page).to_have_url(re.compile(r"/places/$"))
    page.wait_for_load_state("load")
    page.get_by_role("main").get_by_role("link", name="Ouvrir une place à pourvoir").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ouvrir une place à pourvoir")
    field(page, "Rôle recherché").fill(SLOT_TITLE)
    group(page, "Types de structure recherchés").get_by_label("association", exact=True).check()
    field(page, "Périmètre géographique").select_option(label="même région")
    page.get_by_role("button", name="Ouvrir la place à pourvoir").click()
    success_message(page, "Place à pourvoir ouverte.")
    expect(page.get_by_role("heading", level=2, name=re.compile(re.escape(SLOT_TITLE)))).to_be_visible()
    page.wait_for_load_state("load")  # its audit must finish before the next navigation

    # --- 4. Publish; the public page shows the consortium, the slot and the lead. -----------------------
    page.get_by_role("navigation", name="Gestion du projet").get_by_role(
        "link", name="Page du projet"
    ).click()
    page.get_by_role("button", name="Publier").wait_for()
    page.wait_for_load_state("load")  # its audit must finish before the next navigation
    page.get_by_role("button", name="Publier").click()
    success_message(page, "Projet publié.")
    expect(page.get_by_text("Brouillon — visible seulement par l'équipe du projet")).to_have_count(0)
    expect(page.get_by_role("button", name="Dépublier")).to_be_visible()
    assert_public_page(page, partners, roles, actor_path)

    with other_browser(browser, live_server_url) as stranger:
        assert status_of(stranger, project_path) == 200, "a stranger must see the published project"
        assert_public_page(stranger, partners, roles, actor_path)
        expect(stranger.get_by_role("button", name="Publier")).to_have_count(0)
        expect(stranger.get_by_role("navigation", name="Gestion du projet")).to_have_count(0)


def assert_public_page(page: Page, partners: list[str], roles: dict, actor_path: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(PROJECT)
    lead = page.locator("dt", has_text="Structure porteuse").locator("+ dd")
    expect(lead.get_by_role("link", name=ORGANISATION)).to_have_attribute("href", actor_path)
    consortium = page.get_by_role("region", name="Dimension collective et gouvernance")
    for name in partners:  # invited, not accepted: not shown as partners
        expect(consortium.get_by_role("link", name=name, exact=True)).to_have_count(0)
    expect(consortium).to_contain_text("Aucun partenaire indiqué pour le moment.")
    slots = page.get_by_role("region", name="Places à pourvoir")
    expect(slots.get_by_role("heading", level=3, name=SLOT_TITLE)).to_be_visible()
    expect(slots).to_contain_text("association")
    expect(slots).to_contain_text("même région")


def invite_partner(page: Page, name: str, nature: str, role: str) -> None:
    """Fill « Inviter une structure »; if the name is shared, tick it among the structures the error offers."""
    form = page.get_by_role("main").locator("form[method=post]").last
    field(form, "Structure à inviter").fill(name)
    field(form, "Nature du partenariat").fill(nature)
    field(form, "Rôle dans le projet").fill(role)
    form.get_by_role("button", name="Envoyer l'invitation").click()
    error = page.locator("#id_actor_error")
    if error.count():
        form = page.get_by_role("main").locator("form[method=post]").last
        form.get_by_role("radio", name=re.compile(rf"^{re.escape(name)} — ")).first.check()
        form.get_by_role("button", name="Envoyer l'invitation").click()
    success_message(page, f"Invitation envoyée à {name}.")


def demo_actor_names(page: Page, visit, *, exclude: set[str], count: int) -> list[str]:
    """Names of public demo actors open to partnerships (they may be invited), read as a visitor would: the
    lead structures of published projects whose page says « ouvert aux partenariats »."""
    visit(page, "/projets/")
    names: list[str] = []
    links = (
        page.get_by_role("main").get_by_role("listitem").get_by_role("heading", level=3).get_by_role("link")
    )
    hrefs = [links.nth(i).get_attribute("href") for i in range(min(links.count(), 10))]
    for href in hrefs:
        visit(page, href)
        lead = page.locator("dt", has_text="Structure porteuse").locator("+ dd").get_by_role("link")
        name = lead.inner_text().strip()
        if name in exclude or name in names:
            continue
        visit(page, lead.get_attribute("href"))
        if page.locator(".page-header .badge--accent").count():  # « ouvert aux partenariats »
            names.append(name)
        if len(names) == count:
            return names
    raise AssertionError(f"fewer than {count} public demo actors found on /projets/: {names}")
