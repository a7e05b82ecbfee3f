"""The content locales of WAGTAIL_CONTENT_LANGUAGES: French first (the default; the pages written before
translations existed are already in it), then English, which the English page tree lives in."""

from django.db import migrations

LANGUAGE_CODES = ["fr", "en"]


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGE_CODES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    # Reversing keeps the locales: pages may already be in them.
    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
