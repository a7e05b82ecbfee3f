from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "spaces"
    verbose_name = _("Spaces")

    def ready(self):
        from ecosystem import registry
        from ecosystem.actions.personal_data import register_export_section
        from spaces import digest, events, moderation, personal_data
        from spaces.actions.events import do_announce_space_event

        moderation.register()  # room messages can be reported and hidden (ecosystem.actions.moderation)
        register_export_section("spaces", personal_data.export)
        registry.register_dashboard_section("spaces/includes/dashboard_rooms.html")
        registry.register_digest_section("unread_messages", digest.unread_section)
        registry.register_event_section("space", events.event_page_section)  # « organised in the space … »
        registry.register_event_published("space", do_announce_space_event)  # its members are told
