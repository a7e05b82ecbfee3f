"""French first: the interface speaks French by default, English under /en/, and nothing is left untranslated."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

FR_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
FR_CATALOGUE_BEFORE = FR_CATALOGUE.read_bytes()


def test_every_french_entry_is_translated():
    catalogue = polib.pofile(str(FR_CATALOGUE))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue.translated_entries()) > 40


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_french_catalogue_is_up_to_date_with_the_source(tmp_path, settings, monkeypatch):
    """A string added to the code without `make messages` would show in English to French users.

    makemessages runs in a scratch folder that links to the source (and holds no ``locale/``), so the
    repository's catalogue is never rewritten by the test.
    """
    source = tmp_path / "source"
    source.mkdir()
    for name in ("config", "cms", "directory", "ecosystem", "search", "spaces", "templates"):
        (source / name).symlink_to(Path(settings.BASE_DIR) / name)
    locale = tmp_path / "locale"
    (locale / "fr" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(FR_CATALOGUE, locale / "fr" / "LC_MESSAGES" / "django.po")
    settings.LOCALE_PATHS = [locale]
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["fr"], symlinks=True, no_obsolete=True, verbosity=0)
    fresh = {entry.msgid for entry in polib.pofile(str(locale / "fr" / "LC_MESSAGES" / "django.po"))}
    committed = {entry.msgid for entry in polib.pofile(str(FR_CATALOGUE))}
    assert sorted(fresh - committed) == [], "run `make messages` and translate the new strings"
    assert FR_CATALOGUE.read_bytes() == FR_CATALOGUE_BEFORE


@pytest.mark.django_db
def test_french_is_the_default_whatever_the_browser_asks(client, demo_site):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in html
    assert "Aller au contenu" in html
    assert "Menu principal" in html


@pytest.mark.django_db
def test_english_lives_under_en_and_the_switch_keeps_the_page(client, demo_site):
    # The English legal notice is the French page's translation, with its own slug.
    response = client.get("/en/legal-notice/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert "Skip to content" in html
    assert 'href="/mentions-legales/" lang="fr" hreflang="fr"' in html
    french = client.get("/mentions-legales/").content.decode()
    assert 'href="/en/legal-notice/" lang="en" hreflang="en"' in french
