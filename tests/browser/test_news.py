"""The news in a real browser: from the home page's latest news to a news item, then to all the news.

Every page displayed is audited by axe-core (conftest.py); the live server holds the demo's three news items, and
an editor publishes one more in the Wagtail admin.
"""

import re
import uuid

from playwright.sync_api import Page, expect

from tests.browser.people import log_in

DEMO_NEWS = (
    "Rencontres régionales de l'innovation sociale",
    "Trois projets rejoignent la vitrine de l'essaimage",
    "L'appel à projets « SIEG Innovation sociale » est ouvert",
)


def test_a_visitor_reads_the_latest_news_then_all_the_news(page: Page, visit, assert_accessible):
    visit(page, "/")
    latest = page.locator("section[aria-labelledby=home-news]")
    expect(latest.get_by_role("heading", name="Dernières actualités")).to_be_visible()
    latest.get_by_role("link", name="Rencontres régionales de l'innovation sociale").click()
    expect(page.locator("h1")).to_have_text("Rencontres régionales de l'innovation sociale")
    expect(page.locator("main blockquote")).to_contain_text("Les meilleurs partenariats")
    assert_accessible(page)
    page.get_by_role("link", name="Toutes les actualités").click()
    expect(page.locator("h1")).to_have_text("Actualités")
    # The demo's three news items (an editor's test may have published more on the shared server).
    for title in DEMO_NEWS:
        expect(page.locator(".news-card").filter(has_text=title)).to_have_count(1)
    assert_accessible(page)


def test_an_editor_publishes_a_news_item_in_the_admin_and_it_leads_the_home_page(
    page: Page, visit, live_server_url
):
    # A title no other test uses, dated after the demo's news so it leads the home page's latest news.
    title = f"Brève publiée depuis l'administration {uuid.uuid4().hex[:8]}"
    log_in(page, visit, "admin@essaim.localhost")
    # The news index, found as an editor finds it: the admin's page search. (The admin is not audited.)
    page.goto("/admin/pages/search/?q=Actualit%C3%A9s")
    edit = page.get_by_role("main").locator("a[href$='/edit/']", has_text="Actualités").first
    parent_id = re.search(r"/pages/(\d+)/edit/", edit.get_attribute("href")).group(1)
    page.goto(f"/admin/pages/add/cms/newspage/{parent_id}/")
    page.locator("input[name=title]").fill(title)
    page.locator("input[name=title]").press("Tab")  # leaving the title fills the slug (Wagtail's own script)
    page.locator("input[name=date]").fill("2031-01-15")
    page.locator("input[name=date]").press("Escape")
    page.locator("textarea[name=summary]").fill("Publiée par un éditeur, sans aide.")
    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    page.locator("button[name=action-publish]").click()
    expect(page.locator(".messages")).to_contain_text(title)
    page.wait_for_load_state("load")

    visit(page, "/")
    latest = page.locator("section[aria-labelledby=home-news]")
    latest.get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page).to_have_url(re.compile(re.escape(live_server_url) + r"/actualites/[^/]+/$"))
