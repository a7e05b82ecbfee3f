"""The demo's news: an index and three news items, each in French (the original) and English (its translation).

Data only; ``cms.demo.ensure_site`` creates the pages. Bodies are StreamField values: (block type, value) pairs.
"""

import datetime

from wagtail.rich_text import RichText

NEWS_INDEX = {
    "fr": {
        "title": "Actualités",
        "slug": "actualites",
        "intro": "Les nouvelles de la plateforme et de l'appel à projets.",
    },
    "en": {"title": "News", "slug": "news", "intro": "News of the platform and of the call for projects."},
}


def _body(text: str, quote: str, source: str) -> list:
    return [("paragraph", RichText(text)), ("quote", {"quote": quote, "source": source})]


NEWS = [
    {
        "fr": {
            "title": "L'appel à projets « SIEG Innovation sociale » est ouvert",
            "slug": "appel-a-projets-ouvert",
            "date": datetime.date(2026, 9, 1),
            "summary": "Les consortiums peuvent déposer leur candidature jusqu'au 30 novembre.",
            "body": _body(
                "<p>La Région ouvre son appel à projets annuel. Constituez votre consortium sur Essaim et "
                "déposez votre projet depuis sa page.</p>",
                "Nous voulons faire essaimer ce qui marche.",
                "La vice-présidente à l'innovation sociale",
            ),
        },
        "en": {
            "title": "The « SIEG Innovation sociale » call for projects is open",
            "slug": "call-for-projects-open",
            "summary": "Consortiums can apply until 30 November.",
            "body": _body(
                "<p>The Region opens its yearly call for projects. Build your consortium on Essaim and submit "
                "your project from its page.</p>",
                "We want what works to spread.",
                "The vice-president for social innovation",
            ),
        },
    },
    {
        "fr": {
            "title": "Trois projets rejoignent la vitrine de l'essaimage",
            "slug": "trois-projets-vitrine",
            "date": datetime.date(2026, 10, 15),
            "summary": "Une épicerie solidaire, une recyclerie et un tiers-lieu sont prêts à essaimer.",
            "body": _body(
                "<p>Ces projets remplissent les critères de l'appel pour être reproduits sur d'autres "
                "territoires. Découvrez-les dans la vitrine.</p>",
                "Notre recyclerie a déjà inspiré deux communes voisines.",
                "Une porteuse de projet",
            ),
        },
        "en": {
            "title": "Three projects join the swarming showcase",
            "slug": "three-projects-showcase",
            "summary": "A solidarity grocery, a recycling centre and a third place are ready to spread.",
            "body": _body(
                "<p>These projects meet the call's criteria to be replicated in other territories. Discover "
                "them in the showcase.</p>",
                "Our recycling centre has already inspired two neighbouring towns.",
                "A project leader",
            ),
        },
    },
    {
        "fr": {
            "title": "Rencontres régionales de l'innovation sociale",
            "slug": "rencontres-regionales",
            "date": datetime.date(2026, 11, 20),
            "summary": "Une journée pour rencontrer des partenaires et présenter vos projets, à Lille.",
            "body": _body(
                "<p>Ateliers, témoignages et rencontres entre structures : inscrivez-vous depuis l'agenda.</p>",
                "Les meilleurs partenariats commencent autour d'un café.",
                "L'équipe Essaim",
            ),
        },
        "en": {
            "title": "Regional social-innovation meetings",
            "slug": "regional-meetings",
            "summary": "A day to meet partners and present your projects, in Lille.",
            "body": _body(
                "<p>Workshops, testimonies and meetings between organisations: register from the calendar.</p>",
                "The best partnerships start over a coffee.",
                "The Essaim team",
            ),
        },
    },
]
