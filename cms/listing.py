"""A StreamField block listing structures or projects chosen by filter, in an editorial page.

The list is the directory's own search (``search.search`` with the specs of ``ecosystem.search_specs``): the
same filters, and the same visibility — only public structures and published projects of public structures,
whoever reads the page, since the page is cached and shared. ``cms`` does not import ``directory`` (a sibling
app); the cards are the directory's templates.
"""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

import search
from ecosystem.models import Actor, ActorKind, Phase, Project, Territory, Theme
from search import Query, SearchBackendUnavailable

STRUCTURES, PROJECTS = "structures", "projects"
MAX_ITEMS = 24


def theme_choices():
    # Read when the editor opens the form, not at import: editors add themes in the admin.
    return [(theme.slug, theme.name) for theme in Theme.objects.order_by("order", "name")]


def departement_choices():
    departements = Territory.objects.filter(level=Territory.Level.DEPARTEMENT).order_by("code")
    return [(territory.code, f"{territory.name} ({territory.code})") for territory in departements]


class DirectoryListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120)
    kind = blocks.ChoiceBlock(
        label=_("list"),
        choices=[(PROJECTS, _("projects")), (STRUCTURES, _("structures"))],
        default=PROJECTS,
    )
    actor_kind = blocks.ChoiceBlock(
        label=_("kind of structure"),
        choices=ActorKind.choices,
        required=False,
        help_text=_("For a list of structures."),
    )
    phase = blocks.ChoiceBlock(
        label=_("phase"), choices=Phase.choices, required=False, help_text=_("For a list of projects.")
    )
    theme = blocks.ChoiceBlock(label=_("theme"), choices=theme_choices, required=False)
    territory = blocks.ChoiceBlock(
        label=_("département"),
        choices=departement_choices,
        required=False,
        help_text=_("Structures based there; projects serving it, in whole or in part."),
    )
    number = blocks.IntegerBlock(label=_("number shown"), min_value=1, max_value=MAX_ITEMS, default=6)

    class Meta:
        icon = "list-ul"
        label = _("list of structures or projects")
        template = "cms/blocks/directory_list_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        try:
            context["items"] = listed(value)
        except SearchBackendUnavailable:
            context["items"], context["unavailable"] = [], True
        context["projects"] = value["kind"] == PROJECTS
        return context


def query(value) -> Query:
    """The directory's search query for the block's filters, most recently updated first."""
    filters = {}
    if value.get("theme"):
        filters["themes"] = [value["theme"]]
    if value["kind"] == PROJECTS:
        if value.get("phase"):
            filters["phase"] = [value["phase"]]
        if value.get("territory"):
            filters["served_departement"] = [value["territory"]]
    else:
        if value.get("actor_kind"):
            filters["kind"] = [value["actor_kind"]]
        if value.get("territory"):
            filters["departement"] = [value["territory"]]
    number = min(max(value.get("number") or 1, 1), MAX_ITEMS)
    return Query(filters=filters, sort="updated", per_page=number, facets=())


def listed(value) -> list:
    """The visible structures or projects the block's filters select, with what their cards show."""
    model = Project if value["kind"] == PROJECTS else Actor
    objects = search.search(model, query(value)).objects
    themes = Prefetch("themes", queryset=Theme.objects.order_by("order", "name"))
    if model is Project:
        served = Prefetch("territories_served", queryset=Territory.objects.order_by("level", "name"))
        prefetch_related_objects(objects, themes, served)
    else:
        prefetch_related_objects(objects, themes, "commune")
        for actor in objects:
            actor.distance_km = None  # the directory's card shows a distance to a searched place: none here
    return objects
