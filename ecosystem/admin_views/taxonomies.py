"""Reference data edited by staff: themes, skills and resources, markers of the evaluation grid.

Plain ``ModelViewSet`` forms, but the writes are not the form's: a term's name and slug are indexed with
every structure and project using it, so creating, editing and deleting go through
:mod:`ecosystem.actions.taxonomies`, which re-indexes them on commit. The hand-over happens in Wagtail's own
action layer (``TermCreateAction`` …, registered from ``wagtail_hooks``), so the admin's history log stays.
Markers that scores refer to are protected from deletion by the database (``on_delete=PROTECT``); retire
them with "in use" instead, which keeps past assessments intact.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.actions import CreateAction, DeleteAction, EditAction
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from ecosystem.actions.taxonomies import do_delete_term, do_save_terms
from ecosystem.models import Marker, Resource, Theme

REFERENCE_MODELS = (Theme, Resource, Marker)


class _SavedByTheDomain:
    """Wagtail's create/edit action with the write handed to ``do_save_terms`` (the form validated it)."""

    def _save_instance(self):
        instance = self.form.save(commit=False) if self.form else self.instance
        (self.instance,) = do_save_terms(instance)
        if self.form:
            self.form.save_m2m()


class TermCreateAction(_SavedByTheDomain, CreateAction):
    pass


class TermEditAction(_SavedByTheDomain, EditAction):
    pass


class TermDeleteAction(DeleteAction):
    def _delete(self):
        with transaction.atomic():
            # Wagtail's history entry, then the domain's delete (which re-indexes on commit).
            if self.log_action:
                log(instance=self.instance, action=self.log_action, user=self.user, deleted=True)
            do_delete_term(self.instance)


class ThemeViewSet(ModelViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    copy_view_enabled = False
    list_display = ["name_fr", "name_en", "slug", "order"]
    search_fields = ["name_fr", "name_en"]
    # Both languages side by side (ecosystem/translation.py); French is required, English falls back to it.
    form_fields = ["name_fr", "name_en", "slug", "description_fr", "description_en", "order"]


class ResourceViewSet(ModelViewSet):
    model = Resource
    icon = "list-ul"
    menu_label = _("Skills and resources")
    copy_view_enabled = False
    list_display = ["name_fr", "name_en", "group", "slug"]
    list_filter = ["group"]
    search_fields = ["name_fr", "name_en"]
    form_fields = ["name_fr", "name_en", "slug", "group"]


# The grid edits the French (reference) names; English names are written on each marker's own form. A bare
# "name" would write whichever language the admin runs in, copying a French fallback into the English column.
GRID_FIELDS = ["name_fr", "dimension", "order", "is_active"]
MarkerGridFormSet = forms.modelformset_factory(Marker, fields=GRID_FIELDS, extra=0)


class MarkerGridView(PermissionCheckedMixin, WagtailAdminTemplateMixin, View):
    """The whole grid on one page: name, dimension, order and "in use" of every marker, saved together."""

    model = Marker
    permission_required = "change"
    template_name = "ecosystem/evaluation_marker_grid.html"
    page_title = _("Edit the markers grid")
    header_icon = "pick"
    index_url_name = None

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Markers")},
            {"url": "", "label": self.page_title},
        ]

    def render(self, formset):
        return self.render_to_response(self.get_context_data(formset=formset))

    def get(self, request):
        return self.render(MarkerGridFormSet(queryset=Marker.objects.all()))

    def post(self, request):
        formset = MarkerGridFormSet(request.POST, queryset=Marker.objects.all())
        if not formset.is_valid():
            messages.error(request, _("The grid could not be saved; see the errors below."))
            return self.render(formset)
        do_save_terms(*formset.save(commit=False))
        messages.success(request, _("Markers grid saved."))
        return redirect(self.index_url_name)


class MarkerDeleteView(ModelViewSet.delete_view_class):
    """A marker already scored cannot be deleted (``PROTECT``): say so and suggest retiring it instead."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _(
                    "“%(marker)s” has been used in assessments, so it cannot be deleted. Untick “in use” to retire it."
                )
                % {"marker": self.object},
            )
            return redirect(self.edit_url_name, self.object.pk)


class MarkerIndexView(ModelViewSet.index_view_class):
    grid_url_name = None

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(_("Edit the grid"), url=reverse(self.grid_url_name), icon_name="edit"),
        ]


class MarkerViewSet(ModelViewSet):
    model = Marker
    icon = "pick"
    menu_label = _("Markers")
    index_view_class = MarkerIndexView
    delete_view_class = MarkerDeleteView
    copy_view_enabled = False
    list_display = ["name_fr", "name_en", "dimension", "order", "is_active"]
    list_filter = ["dimension", "is_active"]
    search_fields = ["name_fr", "name_en", "code"]
    form_fields = [
        "name_fr",
        "name_en",
        "code",
        "dimension",
        "description_fr",
        "description_en",
        "order",
        "is_active",
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(grid_url_name=self.get_url_name("grid"), **kwargs)

    @property
    def grid_view(self):
        return MarkerGridView.as_view(index_url_name=self.get_url_name("index"))

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("grid/", self.grid_view, name="grid")]
