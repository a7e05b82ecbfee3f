"""The header's notifications link shows a drawn bell, not an emoji that needs an emoji font.

Without such a font (many Linux desktops, some phones) « 🔔 » showed as a missing-glyph box. The icon is an
inline SVG hidden from assistive technologies; the link's text, « Notifications », is its text alternative.
"""

import pytest
from bs4 import BeautifulSoup

from ecosystem.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_bell_is_an_inline_svg_with_the_link_text_as_alternative(client, prefix):
    client.force_login(User.objects.create_user(email="lea@example.org", password="x" * 20))
    page = BeautifulSoup(client.get(f"{prefix}/mon-espace/").content, "html.parser")
    link = page.select_one("header a[href$='/notifications/']")
    assert "🔔" not in str(page)
    icon = link.select_one("svg")
    assert icon is not None
    assert icon.get("aria-hidden") == "true"
    assert icon.get("focusable") == "false"
    assert link.get_text(" ", strip=True).startswith("Notifications")
