"""The site's editorial skeleton: home page, legal pages and header/footer settings, in French and English.

Used by ``manage.py load_demo``; idempotent, and it never overwrites a page an editor has changed. The French
pages are the originals; each English page is their Wagtail translation (same ``translation_key``, made by
``copy_for_translation`` as the admin's « Translate » action makes it), with its own English slug.
"""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from cms.demo_news import NEWS, NEWS_INDEX
from cms.menus import default_footer_links, default_main_menu
from cms.models import HomePage, NewsIndexPage, NewsPage, ShowcasePage, SiteChrome, StandardPage

HOME = {
    "title": "Essaim",
    "slug": "accueil",
    "intro": (
        "Essaim réunit les acteurs de l'innovation sociale de la région : trouvez des partenaires pour vos "
        "projets collectifs, échangez en temps réel avec votre consortium et découvrez les projets prêts à "
        "essaimer sur d'autres territoires."
    ),
    "body": (
        "<h2>Ce que vous pouvez faire ici</h2>"
        "<ul><li>Présenter votre structure dans l'annuaire des acteurs.</li>"
        "<li>Décrire un projet collectif et trouver les partenaires qui lui manquent.</li>"
        "<li>Répondre à l'appel à projets « SIEG Innovation sociale » de la Région.</li>"
        "<li>Suivre l'évaluation dynamique de votre projet au regard des marqueurs de l'innovation sociale."
        "</li></ul>"
    ),
}

LEGAL_PAGES = {
    "legal_notice_page": {
        "title": "Mentions légales",
        "slug": "mentions-legales",
        "intro": "Éditeur, hébergeur et conditions d'utilisation de la plateforme Essaim.",
        "body": (
            "<h2>Éditeur</h2><p>La plateforme est éditée par la Région, dans le cadre du service d'intérêt "
            "économique général « Innovation sociale ».</p><h2>Hébergement</h2><p>À compléter par "
            "l'exploitant de la plateforme.</p>"
        ),
    },
    "privacy_page": {
        "title": "Données personnelles",
        "slug": "donnees-personnelles",
        "intro": "Quelles données nous traitons, pourquoi, et comment exercer vos droits.",
        "body": (
            "<h2>Vos droits</h2><p>Vous pouvez à tout moment télécharger les données que la plateforme "
            "détient sur vous et supprimer votre compte depuis « Mon espace ».</p>"
            "<h2>Salons de discussion</h2><p>Les salons privés, les salons de projet et les conversations "
            "directes ne sont lus que par leurs participants ; les équipes de la Région n'y ont pas accès. "
            "Après la suppression de votre compte, vos messages restent visibles sous la mention « ancien "
            "membre » : supprimez-les avant si vous le souhaitez.</p>"
            "<h2>Carte de l'annuaire</h2><p>Les fonds de la carte sont chargés depuis le serveur de tuiles "
            "configuré (OpenStreetMap par défaut), qui reçoit alors l'adresse IP de votre navigateur. La "
            "liste des résultats donne les mêmes informations sans charger la carte.</p>"
        ),
    },
    "accessibility_page": {
        "title": "Déclaration d'accessibilité",
        "slug": "accessibilite",
        "intro": "Essaim s'engage à rendre son service accessible conformément au RGAA 4.1.",
        "body": (
            "<h2>État de conformité</h2><p>Le site est <strong>partiellement conforme</strong> avec le "
            "référentiel général d'amélioration de l'accessibilité (RGAA) 4.1, en l'absence d'audit.</p>"
            "<h2>Retour d'information et contact</h2><p>Si vous n'arrivez pas à accéder à un contenu ou à un "
            "service, contactez-nous pour être orienté vers une alternative accessible.</p>"
            "<h2>Voies de recours</h2><p>Vous pouvez saisir le Défenseur des droits.</p>"
        ),
    },
    "contact_page": {
        "title": "Contact",
        "slug": "contact",
        "intro": "Une question sur la plateforme ou sur l'appel à projets ? Écrivez-nous : par e-mail ou avec le "
        "formulaire ci-dessous, l'équipe vous répond sous quelques jours ouvrés.",
        "body": "<p>Équipe Essaim — innovation sociale.</p>",
    },
}


SHOWCASE = {
    "title": "Vitrine de l'essaimage",
    "slug": "vitrine",
    "intro": (
        "Les projets d'innovation sociale mûrs, qui remplissent les critères de l'appel pour être reproduits "
        "ailleurs : pourquoi ils sont prêts et ce qu'il faut pour les faire vivre sur votre territoire."
    ),
}

# The English translations, keyed as above (``"home"`` for the home page).
ENGLISH = {
    "home": {
        "title": "Essaim",
        "slug": "home",
        "intro": (
            "Essaim brings together the social-innovation actors of the region: find partners for your "
            "collective projects, talk in real time with your consortium and discover the projects ready to "
            "spread to other territories."
        ),
        "body": (
            "<h2>What you can do here</h2>"
            "<ul><li>Present your organisation in the directory of actors.</li>"
            "<li>Describe a collective project and find the partners it still lacks.</li>"
            "<li>Answer the Region's « SIEG Innovation sociale » call for projects.</li>"
            "<li>Follow the dynamic evaluation of your project against the markers of social innovation."
            "</li></ul>"
        ),
    },
    "legal_notice_page": {
        "title": "Legal notice",
        "slug": "legal-notice",
        "intro": "Publisher, host and terms of use of the Essaim platform.",
        "body": (
            "<h2>Publisher</h2><p>The platform is published by the Region, as part of the « Innovation "
            "sociale » service of general economic interest.</p><h2>Hosting</h2><p>To be completed by the "
            "platform's operator.</p>"
        ),
    },
    "privacy_page": {
        "title": "Personal data",
        "slug": "personal-data",
        "intro": "What data we process, why, and how to exercise your rights.",
        "body": (
            "<h2>Your rights</h2><p>At any time you can download the data the platform holds about you and "
            "delete your account from « My space ».</p>"
            "<h2>Chat rooms</h2><p>Private rooms, project rooms and direct conversations are read only by "
            "their participants; the Region's teams have no access to them. After your account is deleted, "
            "your messages remain visible as « former member »: delete them first if you wish.</p>"
            "<h2>Directory map</h2><p>The map's background is loaded from the configured tile server "
            "(OpenStreetMap by default), which then receives your browser's IP address. The list of results "
            "gives the same information without loading the map.</p>"
        ),
    },
    "accessibility_page": {
        "title": "Accessibility statement",
        "slug": "accessibility",
        "intro": "Essaim is committed to making its service accessible in accordance with RGAA 4.1.",
        "body": (
            "<h2>Compliance status</h2><p>The site is <strong>partially compliant</strong> with the French "
            "accessibility standard (RGAA) 4.1, pending an audit.</p>"
            "<h2>Feedback and contact</h2><p>If you cannot access a piece of content or a service, contact us "
            "and we will direct you to an accessible alternative.</p>"
            "<h2>Remedies</h2><p>You can refer the matter to the Défenseur des droits (the French rights "
            "ombudsman).</p>"
        ),
    },
    "showcase_page": {
        "title": "Swarming showcase",
        "slug": "showcase",
        "intro": (
            "Mature social-innovation projects that meet the call's criteria to be replicated elsewhere: why "
            "they are ready and what it takes to bring them to your territory."
        ),
    },
    "contact_page": {
        "title": "Contact",
        "slug": "contact",
        "intro": "A question about the platform or the call for projects? Write to us by email or with the form "
        "below; the team answers within a few working days.",
        "body": "<p>The Essaim team — social innovation.</p>",
    },
}

# The platform owner's name in English (the settings' default is the French name, in every language).
OWNER_NAMES_EN = {"Région Hauts-de-France": "Hauts-de-France Region"}

# Where the contact page's form and address lead on the demo (the console prints the emails).
DEMO_CONTACT_EMAIL = "contact@essaim.localhost"


def _streamed(spec: dict) -> dict:
    """A standard page's ``spec`` with its rich text as the one text block of its StreamField body."""
    return {**spec, "body": [("paragraph", RichText(spec["body"]))]}


def _ensure_child(parent: Page, model, spec: dict) -> Page:
    existing = parent.get_children().filter(slug=spec["slug"]).first()
    if existing:
        return existing.specific
    page = model(**spec)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _ensure_translation(page: Page, locale: Locale, spec: dict) -> Page:
    """``page``'s translation into ``locale`` with the text of ``spec``, unless it has one already."""
    existing = page.get_translation_or_none(locale)
    if existing:
        return existing.specific
    translation = page.copy_for_translation(locale).specific
    for field, value in spec.items():
        setattr(translation, field, value)
    # An editor's own page may hold the slug already (e.g. « legal-notice » written by hand): never clash.
    translation.slug = find_available_slug(
        translation.get_parent(), spec["slug"], ignore_page_id=translation.pk
    )
    translation.save_revision().publish()
    return translation


def _ensure_menus(chrome: SiteChrome, news_index: Page) -> None:
    """Today's menu (the news added) and footer links as entries editors change, unless they wrote some."""
    if not chrome.main_menu.raw_data:
        main = default_main_menu(chrome)
        main.insert(4, {"type": "page", "value": {"page": news_index.pk}})  # its title in each language
        chrome.main_menu = main
    if not chrome.footer_links.raw_data:
        chrome.footer_links = default_footer_links()


@transaction.atomic
def ensure_site(hostname: str = "localhost", port: int = 80) -> HomePage:
    """Make the French home page the default site's root, with the legal pages under it, all translated."""
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home is None:
        home = _ensure_child(root, HomePage, HOME)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Essaim"
        site.save()
    # Wagtail's initial migration creates a placeholder "Welcome" page; remove it once ours is the root.
    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()

    english = Locale.objects.get(language_code="en")
    _ensure_translation(home, english, ENGLISH["home"])
    chrome = SiteChrome.for_site(site)
    for field, spec in LEGAL_PAGES.items():
        page = _ensure_child(home, StandardPage, _streamed(spec))
        _ensure_translation(page, english, _streamed(ENGLISH[field]))
        if getattr(chrome, f"{field}_id") is None:
            setattr(chrome, field, page)
    showcase = _ensure_child(home, ShowcasePage, SHOWCASE)
    _ensure_translation(showcase, english, ENGLISH["showcase_page"])
    if chrome.showcase_page_id is None:
        chrome.showcase_page = showcase
    news_index = _ensure_child(home, NewsIndexPage, NEWS_INDEX["fr"])
    _ensure_translation(news_index, english, NEWS_INDEX["en"])
    for news in NEWS:
        _ensure_translation(_ensure_child(news_index, NewsPage, news["fr"]), english, news["en"])
    _ensure_menus(chrome, news_index)
    if chrome.owner_name_en == chrome.owner_name_fr and chrome.owner_name_fr in OWNER_NAMES_EN:
        chrome.owner_name_en = OWNER_NAMES_EN[chrome.owner_name_fr]
    if not chrome.contact_email:
        chrome.contact_email = DEMO_CONTACT_EMAIL
    chrome.save()
    return home
