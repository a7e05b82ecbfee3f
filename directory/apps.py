from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        # The public pages of structures and projects are the directory's: tell the domain their address.
        from django.urls import reverse

        from ecosystem import registry
        from ecosystem.models import Actor, Project

        registry.register_url(Actor, lambda actor: reverse("directory:actor_detail", args=[actor.slug]))
        registry.register_url(
            Project, lambda project: reverse("directory:project_detail", args=[project.slug])
        )
        registry.register_page("directory", lambda: reverse("directory:actor_search"))
        registry.register_page("projects", lambda: reverse("directory:project_list"))
