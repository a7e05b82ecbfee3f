"""``manage.py expire_partner_invitations``: record as expired the partnership proposals left unanswered."""

from django.core.management.base import BaseCommand

from ecosystem.actions.invitations import do_expire_invitations


class Command(BaseCommand):
    help = (
        "Mark as expired every pending partner invitation or expression of interest past its expiry "
        "(PARTNER_INVITATION_DAYS after it was sent) and tell the side that sent it. Run it daily; an "
        "expired proposal can never be accepted, even before this runs."
    )

    def handle(self, *args, **options):
        count = do_expire_invitations()
        self.stdout.write(f"{count} partner proposal(s) expired")
