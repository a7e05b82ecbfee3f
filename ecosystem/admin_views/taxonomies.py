"""Reference data edited by staff: themes, skills and resources, markers of the evaluation grid.

Plain ``ModelViewSet`` forms on purpose: this is admin-only reference data, with no action, no side effect
(nothing indexed, no one notified) and no other writer, so an action layer would add nothing. Markers that
scores refer to are protected from deletion by the database (``on_delete=PROTECT``); retire them with
"in use" instead, which keeps past assessments intact.
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
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from ecosystem.models import Marker, Resource, Theme


class ThemeViewSet(ModelViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    copy_view_enabled = False
    list_display = ["name", "slug", "order"]
    search_fields = ["name"]
    form_fields = ["name", "slug", "description", "order"]


class ResourceViewSet(ModelViewSet):
    model = Resource
    icon = "list-ul"
    menu_label = _("Skills and resources")
    copy_view_enabled = False
    list_display = ["name", "group", "slug"]
    list_filter = ["group"]
    search_fields = ["name"]
    form_fields = ["name", "slug", "group"]


GRID_FIELDS = ["name", "dimension", "order", "is_active"]
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
        with transaction.atomic():
            formset.save()
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
    list_display = ["name", "dimension", "order", "is_active"]
    list_filter = ["dimension", "is_active"]
    search_fields = ["name", "code"]
    form_fields = ["name", "code", "dimension", "description", "order", "is_active"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(grid_url_name=self.get_url_name("grid"), **kwargs)

    @property
    def grid_view(self):
        return MarkerGridView.as_view(index_url_name=self.get_url_name("index"))

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("grid/", self.grid_view, name="grid")]
