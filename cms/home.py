"""What editors choose for the home page: its featured projects and its calls to action.

Featured projects are chosen among public projects (published, led by a public structure): the admin's list
offers only those, and the page shows only those still public when it is read, so a project unpublished
since never shows. Calls to action lead to a page, a section of the site (sign up, the directory, the calls…)
or an address; the text is the home page's, written in its language (each translation has its own).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.blocks import StructBlockValidationError
from wagtail.models import Orderable

from cms.menus import SECTION_CHOICES, section_url
from ecosystem.access import public_projects_q
from ecosystem.models import Project, Territory, Theme

MAX_FEATURED = 6


class HomeFeaturedProject(Orderable):
    home = ParentalKey("cms.HomePage", on_delete=models.CASCADE, related_name="featured_projects")
    project = models.ForeignKey(
        "ecosystem.Project",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("project"),
        limit_choices_to=public_projects_q,
    )

    panels = [FieldPanel("project")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured project")
        verbose_name_plural = _("featured projects")


def featured_projects(home) -> list[Project]:
    """The home page's featured projects still public, in the editors' order, with what their cards show:
    one query (the choices joined to the projects), two more for the cards when there are some."""
    choices = HomeFeaturedProject.objects.filter(home=home)
    order = choices.filter(project=OuterRef("pk")).values("sort_order")[:1]
    return list(
        Project.objects.filter(public_projects_q(), pk__in=choices.values("project"))
        .annotate(feature_order=Subquery(order))
        .order_by("feature_order", "pk")
        .select_related("lead_actor__commune")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
            Prefetch("territories_served", queryset=Territory.objects.order_by("level", "name")),
        )
    )


class HomeActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("button text"), max_length=80)
    description = blocks.CharBlock(label=_("description"), max_length=200, required=False)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    section = blocks.ChoiceBlock(label=_("or site section"), choices=SECTION_CHOICES, required=False)
    url = blocks.URLBlock(label=_("or address"), required=False)

    class Meta:
        icon = "link"
        label = _("call to action")
        template = "cms/blocks/home_action_block.html"

    def clean(self, value):
        value = super().clean(value)
        if sum(bool(value.get(name)) for name in ("page", "section", "url")) != 1:
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError(_("Choose one of: a page, a site section or an address."))
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        if value.get("page"):
            # The chosen page in the language read, when translated (the English home copies the French
            # choice); one query per action, and a home page has a few.
            page = value["page"].localized
            context["href"] = page.get_url(request) if page.live else None
        elif value.get("section") == "signup" and request is not None and request.user.is_authenticated:
            context["href"] = None  # joining is for visitors: a member is past it
        elif value.get("section"):
            context["href"] = section_url(value["section"])
        else:
            context["href"] = value.get("url")
        return context


class HomeActionsBlock(blocks.StreamBlock):
    action = HomeActionBlock()

    class Meta:
        max_num = 4
