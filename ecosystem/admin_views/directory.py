"""Actors and projects in the admin: view, search, filter, and moderate.

Both are created and edited by their people in the front office, through actions that validate and schedule
side effects; the admin must not become a second, unchecked writer. So staff get the list, filters, search
and the inspect page, and the edit form holds only the moderation fields: whether an actor is listed
publicly, whether a project is published. Saving goes through the same actions as the front office
(``update_actor``, ``publish_project`` / ``unpublish_project``), so their checks and side effects apply to
staff too (a project missing what publication needs is refused here as well). Nobody adds or deletes
actors or projects here.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from ecosystem.actions.actors import update_actor
from ecosystem.actions.projects import publish_project, unpublish_project
from ecosystem.models import Actor, Project

from .policies import BrowsedViewSet, RefusingPermissionPolicy

# Adding and deleting are the front office's (see the module docstring).
register_permission_policy(Actor, RefusingPermissionPolicy(Actor, refused={"add", "delete"}))
register_permission_policy(Project, RefusingPermissionPolicy(Project, refused={"add", "delete"}))


class ModerationEditView(ModelViewSet.edit_view_class):
    """Saves through an action instead of ``form.save()``; an action's ``ValidationError`` shows on the form."""

    def moderate(self, instance, cleaned_data):
        raise NotImplementedError

    def form_valid(self, form):
        self.form = form
        fresh = type(self.object).objects.get(pk=self.object.pk)  # form.instance already holds the new values
        try:
            self.object = self.moderate(fresh, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            self.produced_error_message = self.get_error_message()  # what Wagtail's own validation sets
            return self.form_invalid(form)
        return self.save_action()


class ActorEditView(ModerationEditView):
    def moderate(self, actor, cleaned_data):
        return update_actor(self.request.user, actor, {"is_public": cleaned_data["is_public"]})


class ProjectEditView(ModerationEditView):
    def moderate(self, project, cleaned_data):
        if cleaned_data["status"] == Project.Status.PUBLISHED:
            return publish_project(self.request.user, project)
        return unpublish_project(self.request.user, project)


class ActorViewSet(BrowsedViewSet):
    model = Actor
    edit_view_class = ActorEditView
    icon = "group"
    menu_label = _("Actors")
    list_display = ["name", "kind", "commune", "is_public", "updated_at"]
    list_filter = ["kind", "is_public", "open_to_partnerships", "themes"]
    search_fields = ["name", "siren", "siret"]
    form_fields = ["is_public"]  # moderation only, see the module docstring
    inspect_view_fields = [
        "name",
        "kind",
        "siren",
        "siret",
        "rna",
        "commune",
        "website",
        "description",
        "themes",
        "size",
        "open_to_partnerships",
        "is_public",
        "created_at",
        "updated_at",
    ]

    def get_queryset(self, request):
        return Actor.objects.select_related("commune")


class ProjectViewSet(BrowsedViewSet):
    model = Project
    edit_view_class = ProjectEditView
    icon = "tasks"
    menu_label = _("Projects")
    list_display = ["title", "lead_actor", "phase", "status", "updated_at"]
    list_filter = ["phase", "status", "action_type", "themes"]
    search_fields = ["title", "summary", "lead_actor__name"]
    form_fields = ["status"]  # moderation only, see the module docstring
    inspect_view_fields = [
        "title",
        "summary",
        "lead_actor",
        "status",
        "phase",
        "action_type",
        "innovation_type",
        "themes",
        "need",
        "beneficiaries",
        "start_date",
        "economic_model_stage",
        "created_at",
        "updated_at",
    ]

    def get_queryset(self, request):
        return Project.objects.select_related("lead_actor")
