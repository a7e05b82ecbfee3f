"""Editorial pages of the site, edited by Région staff in the Wagtail admin."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from cms import home, showcase
from cms.blocks import NewsBodyBlock, StandardBodyBlock
from cms.contact import ContactForm, send_contact_message, within_rate
from cms.home import HomeActionsBlock, HomeFeaturedProject  # noqa: F401 (a model of this app)
from cms.menus import MenuBlock
from ecosystem.key_figures import key_figures
from ecosystem.showcase import ready_projects


class HomePage(Page):
    """The site's root page: what Essaim is and what a visitor can do first."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)
    actions = StreamField(
        HomeActionsBlock(),
        verbose_name=_("calls to action"),
        blank=True,
        help_text=_("For instance: join the platform, find a partner, apply to the call."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("actions"),
        InlinePanel("featured_projects", label=_("featured projects"), max_num=home.MAX_FEATURED),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["key_figures"] = key_figures()
        context["news_items"] = NewsPage.latest(self.locale, HOME_NEWS_COUNT)
        context["featured_projects"] = home.featured_projects(self)
        return context

    @classmethod
    def can_create_at(cls, parent):
        # One home page, created once; its other languages are its translations (« Translate »), which
        # Wagtail copies without asking this. (``max_count = 1`` would count the translations too.)
        return super().can_create_at(parent) and not cls.objects.exists()

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A plain editorial page: legal notice, privacy, accessibility statement, contact, about."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(StandardBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")

    def _contact_email(self, request) -> str | None:
        """The site's contact address when this page is the site's contact page (chosen in the settings) or
        one of its translations."""
        chrome = SiteChrome.for_request(request)
        if chrome.contact_page_id is None:
            return None
        if chrome.contact_page_id != self.pk and chrome.contact_page_id not in self._translation_ids:
            return None
        return chrome.contact_email

    @cached_property
    def _translation_ids(self) -> set[int]:
        # Cached: serve() and get_context() both ask, for the same page in the same request.
        return set(self.get_translations().values_list("pk", flat=True))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        contact_email = self._contact_email(request)
        if contact_email is not None:
            context["contact_email"] = contact_email
            context.setdefault("contact_form", ContactForm())
        return context

    def serve(self, request, *args, **kwargs):
        """The contact page takes its form's POST: sent, it comes back with a message; refused, with the text."""
        contact_email = self._contact_email(request)
        if request.method != "POST" or contact_email is None:
            return super().serve(request, *args, **kwargs)
        form = ContactForm(request.POST)
        status = 200
        if form.is_valid():
            if not within_rate(request):
                status = 429
                form.add_error(
                    None,
                    gettext(
                        "You have sent several messages in a short time. Please try again in an hour; your text is kept below."
                    ),
                )
            else:
                user = request.user if request.user.is_authenticated else None
                try:
                    send_contact_message(form.cleaned_data, contact_email=contact_email, sender=user)
                except ValidationError as error:
                    status = 503
                    form.add_error(None, error)
                else:
                    messages.success(request, gettext("Your message has been sent. We answer by email."))
                    return redirect(self.get_url(request))
        context = self.get_context(request, *args, **kwargs)
        context["contact_form"] = form
        return TemplateResponse(request, self.get_template(request, *args, **kwargs), context, status=status)


class ShowcasePage(RoutablePageMixin, Page):
    """The showcase (« vitrine »): public projects ready to be swarmed, why, and what it takes.

    Routable so the swarming pages that follow hang under it; editors set its title, introduction and place
    (the site settings' « showcase page » puts it in the main menu).
    """

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]

    class Meta:
        verbose_name = _("showcase page")

    @path("")
    def projects(self, request):
        ready = ready_projects()
        shown, groups = showcase.apply(ready, request.GET)
        context = {"projects": shown, "ready_count": len(ready), "filter_groups": groups}
        context |= showcase.map_context(self, shown, groups, request.GET)
        return self.render(request, context_overrides=context)

    @path("carte/")
    def map_data(self, request):
        """The map's data for the same filters (static/js/directory-map.js reads it)."""
        shown, groups = showcase.apply(ready_projects(), request.GET)
        return showcase.map_geojson(shown, groups)


HOME_NEWS_COUNT = 3
NEWS_PER_PAGE = 10


class NewsIndexPage(Page):
    """« Actualités »: the site's news items, newest first, a page of them at a time."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]

    class Meta:
        verbose_name = _("news index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = (
            NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk").select_related("image")
        )
        context["page_obj"] = Paginator(news, NEWS_PER_PAGE).get_page(request.GET.get("page"))
        return context


class NewsPage(Page):
    """A news item: its date, an optional image (Wagtail's upload form applies WAGTAILIMAGES_MAX_IMAGE_PIXELS
    and WAGTAILIMAGES_MAX_UPLOAD_SIZE), a summary for lists and a body of text, images, quotes and buttons."""

    date = models.DateField(_("date"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    image_alt = models.CharField(
        _("image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Leave empty if it is decorative."),
    )
    summary = models.TextField(_("summary"), max_length=400)
    body = StreamField(NewsBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    @classmethod
    def latest(cls, locale, count: int) -> list["NewsPage"]:
        """The ``count`` newest public news items written in ``locale``, in one query.

        Not ``.public()``, which first loads every view restriction: a restriction on the page or an ancestor
        (its path a prefix of the page's) is asked in the same query."""
        restricted = PageViewRestriction.objects.annotate(length=Length("page__path")).filter(
            page__path=Substr(OuterRef("path"), 1, F("length"))
        )
        news = cls.objects.live().filter(~Exists(restricted), locale=locale).order_by("-date", "-pk")
        return list(news.select_related("image")[:count])


class AccessibilityStatus(models.TextChoices):
    """RGAA compliance levels, as the statement and every page footer must state them."""

    NOT_COMPLIANT = "non", _("not compliant")
    PARTIAL = "partial", _("partially compliant")
    FULL = "full", _("fully compliant")


@register_setting(icon="site")
class SiteChrome(BaseSiteSetting):
    """What the header and footer show on every page: the platform's owner, its mandatory links, the main
    menu and the footer's other links (cms/menus.py)."""

    owner_name = models.CharField(_("platform owner"), max_length=120, default="Région Hauts-de-France")
    accessibility_status = models.CharField(
        _("accessibility compliance"),
        max_length=10,
        choices=AccessibilityStatus.choices,
        # "Partially compliant" until an RGAA audit says otherwise (UI.md).
        default=AccessibilityStatus.PARTIAL,
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    legal_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("legal notice page"),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacy page"),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accessibility statement page"),
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact page"),
    )
    showcase_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("showcase page"),
        help_text=_("Shown in the main menu and linked from the home page."),
    )
    main_menu = StreamField(
        MenuBlock(),
        verbose_name=_("main menu"),
        blank=True,
        help_text=_(
            "Left empty, the menu shows the home page, the directory, the projects, the showcase, the calls "
            "for projects and the agenda."
        ),
    )
    footer_links = StreamField(
        MenuBlock(),
        verbose_name=_("footer links"),
        blank=True,
        help_text=_("Shown after the mandatory links (legal notice, personal data, accessibility, contact)."),
    )

    # The owner's name in each language (cms/translation.py): French required, English falls back to it.
    panels = [
        FieldPanel("owner_name_fr"),
        FieldPanel("owner_name_en"),
        FieldPanel("accessibility_status"),
        FieldPanel("contact_email"),
        FieldPanel("legal_notice_page"),
        FieldPanel("privacy_page"),
        FieldPanel("accessibility_page"),
        FieldPanel("contact_page"),
        FieldPanel("showcase_page"),
        FieldPanel("main_menu"),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = _("site header and footer")


class CallPage(Page):
    """The call-for-projects page: an editorial introduction, then the ``Call`` it presents (dates, who may
    apply, criteria, label, and the visitor's own projects to apply with), from ``ecosystem``."""

    call = models.ForeignKey(
        "ecosystem.Call", verbose_name=_("call for projects"), on_delete=models.PROTECT, related_name="+"
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("call"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("call for projects page")

    def get_context(self, request, *args, **kwargs):
        from ecosystem.views.calls import call_context

        context = super().get_context(request, *args, **kwargs)
        context.update(call_context(request.user, self.call))
        return context
