"""The news in a real browser: from the home page's latest news to a news item, then to all the news.

Every page displayed is audited by axe-core (conftest.py); the live server holds the demo's three news items.
"""

from playwright.sync_api import Page, expect


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
    expect(page.locator(".news-card")).to_have_count(3)
    assert_accessible(page)
