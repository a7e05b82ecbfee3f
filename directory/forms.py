"""The directory search forms: what a visitor asks the actor directory (and, below, the project list),
parsed into a search ``Query``.

Nothing here writes. The form is lenient by design — a bookmarked or hand-edited URL must never break the
page: unknown facet values are dropped, and a malformed page, radius or sort falls back to its default. Each
thing ignored is reported in ``notices`` (plain sentences the page shows) so the visitor knows why.

Vocabularies (themes, skills and resources, départements) are small, bounded taxonomies: each is read in one
query when the form is built, which both validates the chosen values and gives facets their human labels.
"""

from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from ecosystem.forms.places import TerritoryField
from ecosystem.models import ActorKind, Call, Phase, Project, Resource, Territory, Theme
from ecosystem.territories import territory_label
from search import Near, Query, generation

PER_PAGE = 20
# Deep pages are useless to people and costly to backends (Elasticsearch refuses offsets past 10 000).
MAX_PAGE = 500
RADII = (5, 10, 25, 50)
DEFAULT_RADIUS = 10
OPEN_CHOICES = (("yes", _("open to partnerships")), ("no", _("not looking for partners at the moment")))
SORT_CHOICES = (
    ("", _("Best order")),
    ("relevance", _("Relevance")),
    ("name", _("Name")),
    ("distance", _("Distance")),
    ("updated", _("Recently updated")),
)
# Facet name (also the URL parameter and the search keyword field) → legend, in display order.
FACETS = (
    ("kind", _("Kind of structure")),
    ("themes", _("Themes")),
    ("departement", _("Département")),
    ("offers", _("Offers")),
    ("seeks", _("Looks for")),
    ("open_to_partnerships", _("Partnerships")),
)


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Keeps the known values and remembers the others in ``ignored`` instead of rejecting the whole field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)
        self.ignored: list[str] = []

    def clean(self, value):
        values = self.to_python(value)
        self.ignored = [v for v in values if not self.valid_value(v)]
        return list(dict.fromkeys(v for v in values if self.valid_value(v)))


class SearchForm(forms.Form):
    """What the directory's and the project list's search forms share: lenient cleaning and reading.

    ``FACETS`` names the facet fields (``LenientMultipleChoiceField``) with their legends. Cleaning never
    rejects the search: each facet value ignored, and each field whose invalid value falls back to its default
    (``fallbacks()``), is reported in ``notices``.
    """

    FACETS: tuple[tuple[str, str], ...] = ()

    def fallbacks(self) -> list[tuple[str, str]]:
        """(field, notice shown when its value was not valid), in the order the notices are shown."""
        return [
            ("page", gettext("The page number was not valid; showing the first page.")),
            ("sort", gettext("The sort order was not valid; using the default order.")),
            ("q", gettext("The search text is too long; it was ignored.")),
        ]

    def clean(self):
        data = super().clean()
        for name, legend in self.FACETS:
            ignored = self.fields[name].ignored
            if ignored:
                self.notices.append(
                    gettext("%(filter)s: unknown value “%(values)s” ignored.")
                    % {"filter": legend, "values": "”, “".join(ignored)}
                )
        for name, message in self.fallbacks():
            if name in self.errors:
                self.notices.append(message)
        return data

    def value(self, name, default=None):
        """A field's cleaned value, or ``default`` when it was missing or invalid (never raises)."""
        value = getattr(self, "cleaned_data", {}).get(name)
        return default if value in (None, "", []) else value

    @property
    def text(self) -> str:
        return self.value("q", "")

    @property
    def page_number(self) -> int:
        return self.value("page", 1)

    @property
    def filters(self) -> dict[str, list[str]]:
        return {name: self.value(name) for name, _legend in self.FACETS if self.value(name)}


def _directory_vocabularies(token) -> tuple[list, list, list]:
    """Themes, resources and départements as (value, label) in the active language, kept under the index
    generation (``token``, read here if ``generation.UNREAD``), which their writes replace too
    (``ecosystem.search_specs.register``): three queries once per generation and language rather than per
    request."""

    def load():
        themes = list(Theme.objects.values_list("slug", "name"))
        resources = list(Resource.objects.values_list("slug", "name"))
        departements = list(
            Territory.objects.filter(level=Territory.Level.DEPARTEMENT)
            .order_by("code")
            .values_list("code", "name")
        )
        return themes, resources, departements

    parts = ("directory-vocabularies", get_language())
    if token is generation.UNREAD:
        token = generation.current()
    return tuple(list(rows) for rows in generation.cached(token, parts, load))


class DirectorySearchForm(SearchForm):
    """Bound to ``request.GET``; read ``query()``, ``notices``, ``labels`` and ``params`` after ``is_valid()``."""

    FACETS = FACETS

    q = forms.CharField(
        label=_("Search"), required=False, max_length=200, strip=True, widget=forms.SearchInput
    )
    commune = TerritoryField(
        levels=(Territory.Level.COMMUNE,),
        label=_("Commune or postal code"),
        required=False,
        max_length=200,
        help_text=_("A commune name or a postal code, e.g. Amiens or 80200."),
    )
    radius = forms.TypedChoiceField(
        label=_("Within"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(r, _("%(km)s km") % {"km": r}) for r in RADII],
        initial=DEFAULT_RADIUS,
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput)
    kind = LenientMultipleChoiceField(label=_("Kind of structure"), choices=ActorKind.choices)
    themes = LenientMultipleChoiceField(label=_("Themes"))
    departement = LenientMultipleChoiceField(label=_("Département"))
    offers = LenientMultipleChoiceField(label=_("Offers"))
    seeks = LenientMultipleChoiceField(label=_("Looks for"))
    open_to_partnerships = LenientMultipleChoiceField(label=_("Partnerships"), choices=OPEN_CHOICES)

    def __init__(self, data=None, token=generation.UNREAD, **kwargs):
        """``token``: the index generation the request read already (``generation.for_request``), if any."""
        data = data.copy() if data is not None else {}
        if not data.get("radius"):
            data["radius"] = str(DEFAULT_RADIUS)  # so the select shows the distance actually used
        super().__init__(data, **kwargs)
        themes, resources, departements = _directory_vocabularies(token)
        self.fields["themes"].choices = themes
        self.fields["departement"].choices = [(code, f"{name} ({code})") for code, name in departements]
        self.fields["offers"].choices = resources
        self.fields["seeks"].choices = resources
        # Human label of every facet value, for the facet checkboxes and the active-filter list.
        self.labels: dict[str, dict[str, str]] = {
            name: {str(value): str(label) for value, label in self.fields[name].choices}
            for name, _legend in FACETS
        }
        self.notices: list[str] = []
        self.commune_obj: Territory | None = None

    # --- cleaning -----------------------------------------------------------------------------------------

    def clean_commune(self):
        commune = self.cleaned_data.get("commune")
        if commune is None:
            return ""
        if commune.latitude is None or commune.longitude is None:
            raise forms.ValidationError(
                gettext("The location of %(commune)s is not known; search without it.")
                % {"commune": commune.name},
                code="no_coordinates",
            )
        self.commune_obj = commune
        return territory_label(commune)

    def fallbacks(self) -> list[tuple[str, str]]:
        page, *others = super().fallbacks()
        radius = gettext("The distance was not valid; using %(km)s km.") % {"km": DEFAULT_RADIUS}
        return [page, ("radius", radius), *others]

    def clean(self):
        data = super().clean()
        if "commune" in self.errors:
            self.notices.append(
                gettext("Near a commune: %(error)s The other filters still apply.")
                % {"error": " ".join(self.errors["commune"])}
            )
        if self.value("sort") == "distance" and self.commune_obj is None:
            self.notices.append(gettext("Sorting by distance needs a commune; results are sorted by name."))
        return data

    # --- reading ------------------------------------------------------------------------------------------

    @property
    def radius_km(self) -> int:
        return self.value("radius", DEFAULT_RADIUS)

    @property
    def near(self) -> Near | None:
        return Near.around(self.commune_obj, self.radius_km) if self.commune_obj else None

    @property
    def sort_order(self) -> str:
        """The chosen order when it applies; otherwise distance near a commune, relevance with text, name."""
        sort = self.value("sort", "")
        if sort == "distance" and self.commune_obj is None:
            sort = ""
        if sort == "relevance" and not self.text:
            sort = ""
        if not sort:
            sort = "relevance" if self.text else "distance" if self.commune_obj else "name"
        return sort

    def query(self, *, page: int | None = None, per_page: int = PER_PAGE, facets=None) -> Query:
        """``facets`` defaults to those the page shows: counting the others (``size``) is wasted work."""
        return Query(
            text=self.text,
            filters=self.filters,
            near=self.near,
            sort=self.sort_order,
            page=page or self.page_number,
            per_page=per_page,
            facets=[name for name, _legend in FACETS] if facets is None else facets,
        )

    def params(
        self, *, without: tuple[str, str] | None = None, keep_sort: bool = True
    ) -> list[tuple[str, str]]:
        """The valid parameters of this search as URL pairs (no page), optionally without one facet value."""
        pairs: list[tuple[str, str]] = []
        if self.text:
            pairs.append(("q", self.text))
        for name, values in self.filters.items():
            pairs += [(name, v) for v in values if (name, v) != without]
        if self.commune_obj is not None and without != ("commune", ""):
            pairs.append(("commune", self.value("commune")))
            pairs.append(("radius", str(self.radius_km)))
        if keep_sort and self.value("sort"):
            pairs.append(("sort", self.value("sort")))
        return pairs


# --- Projects ---------------------------------------------------------------------------------------------

# The directory's orders but distance: the project search has no "near a commune".
PROJECT_SORT_CHOICES = tuple(choice for choice in SORT_CHOICES if choice[0] != "distance")
# Facet name (also the URL parameter and the keyword field of the project search spec) → legend.
PROJECT_FACETS = (
    ("phase", _("Phase")),
    ("action_type", _("Type of action")),
    ("themes", _("Themes")),
    ("served_departement", _("Département served")),
    ("served_epci", _("Intercommunality served")),
    ("label", _("Label")),
)


class ProjectSearchForm(SearchForm):
    """The project list's search, as lenient as :class:`DirectorySearchForm` (``notices`` say what was ignored).

    Bound to ``request.GET``; read ``query()``, ``notices``, ``labels`` and ``params`` after ``is_valid()``.
    Territories served are read as the search spec indexes them (``ecosystem.search_specs``): a project serves
    a département or an EPCI when it serves it or a place inside it. ``epci_departement`` maps each EPCI to
    its main département, so the page can offer the intercommunalities of the chosen départements.
    """

    FACETS = PROJECT_FACETS

    q = forms.CharField(
        label=_("Search"), required=False, max_length=200, strip=True, widget=forms.SearchInput
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=PROJECT_SORT_CHOICES)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput)
    phase = LenientMultipleChoiceField(label=_("Phase"), choices=Phase.choices)
    action_type = LenientMultipleChoiceField(label=_("Type of action"), choices=Project.ActionType.choices)
    themes = LenientMultipleChoiceField(label=_("Themes"))
    served_departement = LenientMultipleChoiceField(label=_("Département served"))
    served_epci = LenientMultipleChoiceField(label=_("Intercommunality served"))
    label = LenientMultipleChoiceField(label=_("Label"))

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)
        self.fields["themes"].choices = list(Theme.objects.values_list("slug", "name"))
        # A call's label (« Projet labellisé … ») names the facet value, the call's slug is indexed.
        self.fields["label"].choices = list(Call.objects.order_by("-deadline").values_list("slug", "label"))
        # Départements and EPCIs in one query: both are small, bounded reference lists.
        places = Territory.objects.filter(
            level__in=(Territory.Level.DEPARTEMENT, Territory.Level.EPCI)
        ).values_list("level", "code", "name", "parent__code")
        departements, epcis = [], []
        self.epci_departement: dict[str, str] = {}
        for level, code, name, parent_code in places.order_by("code"):
            if level == Territory.Level.DEPARTEMENT:
                departements.append((code, f"{name} ({code})"))
            else:
                epcis.append((code, name))
                self.epci_departement[code] = parent_code or ""
        self.fields["served_departement"].choices = departements
        self.fields["served_epci"].choices = epcis
        self.labels: dict[str, dict[str, str]] = {
            name: {str(value): str(label) for value, label in self.fields[name].choices}
            for name, _legend in self.FACETS
        }
        self.notices: list[str] = []

    @property
    def sort_order(self) -> str:
        """The chosen order when it applies; otherwise relevance with text, the latest updated without."""
        sort = self.value("sort", "")
        if sort == "relevance" and not self.text:
            sort = ""
        return sort or ("relevance" if self.text else "updated")

    def query(self, *, page: int | None = None, per_page: int = PER_PAGE) -> Query:
        return Query(
            text=self.text,
            filters=self.filters,
            sort=self.sort_order,
            page=page or self.page_number,
            per_page=per_page,
            facets=[name for name, _legend in self.FACETS],
        )

    def params(self, *, without: tuple[str, str] | None = None) -> list[tuple[str, str]]:
        """The valid parameters of this search as URL pairs (no page), optionally without one facet value."""
        pairs: list[tuple[str, str]] = [("q", self.text)] if self.text else []
        for name, values in self.filters.items():
            pairs += [(name, v) for v in values if (name, v) != without]
        if self.value("sort"):
            pairs.append(("sort", self.value("sort")))
        return pairs
