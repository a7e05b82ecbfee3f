"""Message rendering: whatever a person types is shown as text; only our own links, mentions and line breaks
become markup."""

import re

import pytest
from django.utils.safestring import SafeString

from spaces.text import excerpt, handle_for, mentioned_handles, render_message

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">clic</a>',
    "javascript:alert(document.cookie)",
    '" onmouseover="alert(1)',
    'https://example.org/"><script>alert(1)</script>',
    "https://example.org/' onmouseover='alert(1)",
    "<iframe src=https://evil.example></iframe>",
    "&lt;script&gt; déjà échappé",
    "<style>body{display:none}</style>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
]


def tags(html: str) -> set[str]:
    return set(re.findall(r"<\s*/?\s*([a-zA-Z]+)", html))


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_is_escaped(text):
    html = render_message(text)
    assert isinstance(html, SafeString)
    assert tags(html) <= {"a", "br", "span"}
    assert "<script" not in html
    assert "<img" not in html
    assert "<iframe" not in html
    assert 'href="javascript' not in html
    assert "onerror=" not in html.replace("onerror=&quot;", "")  # only as escaped text
    # Every attribute we produce is one of ours, quoted, with nothing the author typed breaking out of it.
    for attributes in re.findall(r"<(?:a|span)\s([^>]*)>", html):
        names = re.findall(r'(\w[\w-]*)="[^"]*"', attributes)
        assert set(names) <= {"href", "rel", "class", "data-handle"}
        assert re.fullmatch(r'(\s*[\w-]+="[^"<>]*")+\s*', " " + attributes)


def test_already_escaped_text_is_shown_as_typed():
    assert render_message("&lt;b&gt; & co") == "&amp;lt;b&amp;gt; &amp; co"


def test_links_get_rel_and_stop_before_punctuation():
    html = render_message("Voir https://example.org/a?b=1&c=2. Et (http://exemple.fr/page) !")
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener ugc">https://example.org/a?b=1&amp;c=2</a>.'
        in html
    )
    assert (
        '(<a href="http://exemple.fr/page" rel="nofollow noopener ugc">http://exemple.fr/page</a>) !' in html
    )


def test_parentheses_inside_an_address_are_kept():
    html = render_message("https://fr.wikipedia.org/wiki/Tiers-lieu_(France)")
    assert 'href="https://fr.wikipedia.org/wiki/Tiers-lieu_(France)"' in html


def test_only_http_addresses_become_links():
    for text in (
        "ftp://example.org",
        "javascript:alert(1)",
        "www.example.org",
        "mailto:a@example.org",
        "https://",
    ):
        assert "<a" not in render_message(text), text


def test_mentions_and_line_breaks():
    html = render_message("Salut @camille-lefebvre,\nmerci !\r\nécris à a@example.org")
    assert (
        '<span class="mention" data-handle="camille-lefebvre">@camille-lefebvre</span>,<br>merci !<br>'
        in html
    )
    assert "a@example.org" in html  # an email address is no mention
    assert html.count('class="mention"') == 1


def test_mentioned_handles():
    assert mentioned_handles("@Camille-Lefebvre et @paul, @paul, mail: x@y.fr, @-") == [
        "camille-lefebvre",
        "paul",
    ]
    assert mentioned_handles("") == []
    assert len(mentioned_handles(" ".join(f"@p{n}" for n in range(50)))) == 20


def test_handles_come_from_the_display_name(django_user_model, db):
    user = django_user_model.objects.create_user(email="helene@example.org", display_name="Hélène Dupré")
    assert handle_for(user) == "helene-dupre"
    plain = django_user_model.objects.create_user(email="jean.martin@example.org")
    assert handle_for(plain) == "jeanmartin"


def test_excerpt():
    assert excerpt("  un\n  deux  ") == "un deux"
    assert excerpt("x" * 200, 10) == "x" * 9 + "…"
