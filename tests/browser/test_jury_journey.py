"""The call's workflow end to end in a real browser (issue #13): a holder applies to the demo's open call before
its deadline through the forms; staff assign the two demo jury members in the Wagtail admin; each jury member
scores every criterion with a comment, the second seeing the first's review only once theirs is submitted; the
chair records « labellisé » with reasons; the label shows on the public project page; the holder reads the
decision and its reasons (never the scores) and downloads the end report PDF, whose text holds the three
required sections.

The holder, their structure and their published project are made for this test on the live server's database
(``server_command``), so no other test's data changes. The decision comes after the deadline: the open call's
deadline is moved into the past for it and put back exactly, whatever happens (the browser tests run one at a
time on the one server)."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.browser.people import log_in, other_browser
from tests.browser.server import DEMO_PASSWORD

OPEN_CALL = "SIEG Innovation sociale — appel de démonstration"
OPEN_CALL_SLUG = "demo-appel-ouvert"
LABEL = "Projet labellisé SIEG Innovation sociale 2027"
STAFF = "admin@essaim.localhost"
JURORS = [
    ("jure.martin@demo.essaim.localhost", "Hélène Martin"),
    ("jure.benali@demo.essaim.localhost", "Karim Benali"),
]
REASONS = "Un partenariat exemplaire avec un laboratoire universitaire et un modèle économique solide."
SECTIONS = [
    "Conclusions de l'évaluation dynamique au regard des marqueurs",
    "Mesure de l'impact social",
    "Conditions de déploiement ou d'essaimage",
]


def make_holder(server_command, key: str) -> tuple[str, str, str]:
    """A person administering a public association that leads a published project; (email, slug, title)."""
    email, slug, title = f"porteuse-{key}@jury.example", f"recyclerie-{key}", f"Recyclerie solidaire {key}"
    server_command(
        "shell",
        "-c",
        "import datetime; "
        "from ecosystem.actions.accounts import ensure_account; "
        "from ecosystem.models import Actor, ActorKind, Membership, Project; "
        f"user, _ = ensure_account({email!r}, {DEMO_PASSWORD!r}, display_name='Inès Porteuse'); "
        f"actor = Actor.objects.create(name='Association {key}', slug='association-{key}', "
        "kind=ActorKind.ASSOCIATION, is_public=True); "
        "Membership.objects.create(user=user, actor=actor, role=Membership.Role.ADMIN); "
        f"Project.objects.create(title={title!r}, slug={slug!r}, lead_actor=actor, "
        "status=Project.Status.PUBLISHED, phase='experimentation', summary='Une recyclerie de quartier.', "
        "need='Les objets finissent à la décharge.', beneficiaries='Habitants du quartier.', "
        "innovation_type=Project.InnovationType.UNMET_NEED, action_type=Project.ActionType.RESEARCH, "
        "start_date=datetime.date(2025, 1, 1))",
    )
    return email, slug, title


def shift_deadline(server_command, days: int) -> None:
    server_command(
        "shell",
        "-c",
        "from datetime import timedelta; from django.db.models import F; from ecosystem.models import Call; "
        f"Call.objects.filter(slug={OPEN_CALL_SLUG!r}).update(deadline=F('deadline') + timedelta(days={days}))",
    )


def apply(page: Page, visit, slug: str) -> int:
    """The holder fills in the application to the open call, saves the draft and submits it; its id."""
    visit(page, f"/projets/{slug}/candidatures/")
    page.get_by_role("link", name=f"Candidater à « {OPEN_CALL} »").click()
    form = page.get_by_role("main").locator("form").first
    for name in (
        "partnership",
        "research_collaboration",
        "evaluation_plan",
        "impact_method",
        "budget_summary",
    ):
        form.locator(f"textarea[name={name}]").fill(f"Notre réponse : {name}.")
    form.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_load_state("load")  # the draft's audit must finish before the next navigation
    page.get_by_role("button", name="Enregistrer et déposer la candidature").click()
    expect(page.get_by_text("déposée le", exact=False).first).to_be_visible()
    return int(re.search(r"/candidatures/(\d+)/", page.url).group(1))


def assign(staff: Page, title: str, juror: str) -> None:
    """Staff add one jury assignment through the Wagtail admin's screen."""
    staff.goto("/admin/assignments/new/")
    staff.locator("select[name=application]").select_option(label=f"{title} — {OPEN_CALL}")
    staff.locator("select[name=juror]").select_option(label=juror)
    staff.locator("form button.button-longrunning[type=submit]").first.click()
    staff.wait_for_url(re.compile(r"/admin/assignments/$"))
    staff.wait_for_load_state("load")


def review(juror: Page, name: str, score: str) -> None:
    """The jury member scores every criterion, each with a comment, and submits the review."""
    form = juror.get_by_role("main").locator("form").filter(has=juror.locator("select[name^=score_]"))
    selects = form.locator("select[name^=score_]")
    expect(selects).to_have_count(3)  # the demo call's three criteria
    for index in range(selects.count()):
        selects.nth(index).select_option(score)
        form.locator("textarea[name^=comment_]").nth(index).fill(
            f"Avis de {name} sur le critère {index + 1}."
        )
    form.locator("textarea[name=comment]").fill(f"Synthèse de {name}.")
    form.get_by_role("button", name="Soumettre l’évaluation").click()
    expect(juror.get_by_text("Évaluation soumise.")).to_be_visible()


def test_a_holder_applies_two_jurors_score_the_chair_labels_the_holder_gets_the_report(
    page: Page, browser: Browser, visit, assert_accessible, server_command, live_server_url
):
    email, slug, title = make_holder(server_command, uuid.uuid4().hex[:8])
    holder = page
    log_in(holder, visit, email)
    pk = apply(holder, visit, slug)
    jury_page = f"/jury/candidatures/{pk}/"

    # --- Staff assign the two jury members in the Wagtail admin's screen. -------------------------------------
    with other_browser(browser, live_server_url) as staff:
        log_in(staff, visit, STAFF)
        for _email, name in JURORS:
            assign(staff, title, name)

    # --- The first jury member scores and submits; they then see their own review among the reviews. --------
    (first_email, first), (second_email, second) = JURORS
    with other_browser(browser, live_server_url) as juror:
        log_in(juror, visit, first_email)
        visit(juror, "/jury/")
        juror.get_by_role("link", name=title).click()
        expect(juror.get_by_role("heading", level=1)).to_have_text(f"Évaluation de « {title} »")
        review(juror, first, "4")
        expect(juror.get_by_role("heading", name="Évaluations")).to_be_visible()
        assert_accessible(juror)

    # --- The second does not see the first's scores before submitting, and sees them after. ----------------
    with other_browser(browser, live_server_url) as juror:
        log_in(juror, visit, second_email)
        visit(juror, jury_page)
        expect(juror.get_by_role("heading", name="Votre évaluation")).to_be_visible()
        expect(juror.get_by_text(f"Avis de {first}", exact=False)).to_have_count(0)
        expect(juror.get_by_role("table", name=f"Notes données par {first}")).to_have_count(0)
        review(juror, second, "3")
        scores = juror.get_by_role("table", name=f"Notes données par {first}")
        expect(scores).to_be_visible()
        expect(scores.get_by_text(f"Avis de {first} sur le critère 1.")).to_be_visible()
        expect(scores.get_by_role("cell", name="4 / 5")).to_have_count(3)
        assert_accessible(juror)

    # --- The chair records the decision, after the deadline. -----------------------------------------------
    with other_browser(browser, live_server_url) as chair:
        log_in(chair, visit, STAFF)
        shift_deadline(server_command, -61)  # the demo's deadline is 60 days after the demo was loaded
        try:
            visit(chair, jury_page)
            average = re.compile(r"Moyenne pondérée des évaluations soumises : 70[.,]0")  # (80 + 60) / 2
            expect(chair.get_by_text(average)).to_be_visible()
            decision = chair.get_by_role("main").locator("form").filter(has=chair.locator("[name=reasons]"))
            decision.get_by_label("labellisé", exact=True).check()
            decision.locator("textarea[name=reasons]").fill(REASONS)
            decision.get_by_role("button", name="Enregistrer la décision").click()
            expect(chair.get_by_text("Décision enregistrée", exact=False)).to_be_visible()
        finally:
            shift_deadline(server_command, 61)

    # --- The label on the public project page, for everyone. -----------------------------------------------
    with other_browser(browser, live_server_url) as visitor:
        visit(visitor, f"/projets/{slug}/")
        expect(visitor.get_by_text(LABEL, exact=True)).to_be_visible()

    # --- The holder reads the decision and its reasons, never the jury's scores or comments. ----------------
    visit(holder, f"/projets/{slug}/candidatures/{pk}/")
    section = holder.get_by_role("region", name="Décision du jury")
    expect(section).to_contain_text("Labellisé")
    expect(section).to_contain_text(LABEL)
    expect(section).to_contain_text(REASONS)
    expect(holder.get_by_text("Avis de", exact=False)).to_have_count(0)
    expect(holder.get_by_text("Synthèse de", exact=False)).to_have_count(0)

    # --- The holder downloads the end report: the PDF's text holds the three sections the call requires. ----
    visit(holder, f"/projets/{slug}/rapport-final/")
    with holder.expect_download() as download:
        holder.get_by_role("link", name="Télécharger le PDF").click()
    assert download.value.suggested_filename == f"rapport-final-{slug}.pdf"
    reader = PdfReader(download.value.path())
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for section_title in SECTIONS:
        assert section_title in text
    assert title in text
