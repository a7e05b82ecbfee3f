"""The demo's home page choices: its calls to action and featured projects, in French and in English.

Run by ``manage.py load_demo`` after the demo projects exist; idempotent, and it never replaces what an editor
chose (a home page with actions or featured projects keeps them).
"""

from django.db import transaction

from cms.models import HomePage
from ecosystem.access import public_projects_q
from ecosystem.models import Project

ACTIONS = {
    "fr": [
        ("Rejoindre Essaim", "Présentez votre structure et vos projets dans l'annuaire.", "signup"),
        ("Trouver un partenaire", "Cherchez les structures qui complèteront votre consortium.", "directory"),
        ("Candidater à l'appel", "L'appel à projets « SIEG Innovation sociale » de la Région.", "calls"),
    ],
    "en": [
        ("Join Essaim", "Present your organisation and your projects in the directory.", "signup"),
        ("Find a partner", "Look for the organisations that will complete your consortium.", "directory"),
        ("Apply to the call", "The Region's « SIEG Innovation sociale » call for projects.", "calls"),
    ],
}
FEATURED_COUNT = 3


def _actions(language: str) -> list[dict]:
    return [
        {"type": "action", "value": {"text": text, "description": description, "section": section}}
        for text, description, section in ACTIONS[language]
    ]


@transaction.atomic
def ensure_home_features() -> list[str]:
    # Public demo projects, the longest-running first: mature projects make the best examples.
    projects = list(
        Project.objects.filter(public_projects_q()).order_by("start_date", "slug")[:FEATURED_COUNT]
    )
    lines = []
    for home in HomePage.objects.select_related("locale"):
        changed = False
        if not home.actions.raw_data and home.locale.language_code in ACTIONS:
            home.actions = _actions(home.locale.language_code)
            changed = True
        if projects and not home.featured_projects.exists():
            home.featured_projects.set(
                [
                    home.featured_projects.model(project=project, sort_order=order)
                    for order, project in enumerate(projects)
                ]
            )
            changed = True
        if changed:
            home.save_revision().publish()
            lines.append(f"home page ({home.locale.language_code}): calls to action and featured projects")
    return lines
