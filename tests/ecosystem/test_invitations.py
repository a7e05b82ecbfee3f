"""Consent to a partnership: inviting, expressing interest, accepting, declining, withdrawing, refusing a
project, expiry — and what an invited structure does not get before it accepts."""

import io
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from ecosystem import access
from ecosystem.actions import invitations as actions
from ecosystem.actions.personal_data import export_personal_data
from ecosystem.models import InvitationOptOut, Notification, PartnerInvitation, Partnership, PartnerSlot
from tests.factories import ActorFactory, PartnerInvitationFactory, PartnerSlotFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = PartnerInvitation.Status


def invite(consent, **extra):
    extra.setdefault("slot", consent.slot)
    extra.setdefault("message", "Votre laboratoire nous aiderait à évaluer l'impact.")
    extra.setdefault("nature", "partenaire de recherche")
    extra.setdefault("role", "Évalue l'impact du projet.")
    return actions.invite_partner(consent.cast.lead_admin, consent.project, consent.invitee, **extra)


# --- inviting ----------------------------------------------------------------------------------------------


def test_an_editor_invites_a_structure_which_is_not_a_partner_until_it_accepts(consent):
    invitation = invite(consent)
    assert (invitation.status, invitation.direction, invitation.sent_by) == (
        "pending",
        "invitation",
        consent.cast.lead_admin,
    )
    assert invitation.expires_at > timezone.now() + timedelta(days=29)
    assert not Partnership.objects.filter(actor=consent.invitee).exists()
    # Its members get nothing of the project before they accept.
    assert not access.is_project_person(consent.invitee_admin, consent.project)
    assert consent.invitee_admin not in access.project_people(consent.project)
    # Its admins are told; its plain members and the project's team are not.
    notified = set(Notification.objects.filter(kind="partner_invitation").values_list("user", flat=True))
    assert notified == {consent.invitee_admin.pk}


def test_only_the_projects_editors_invite(consent):
    for role in ("outsider", "invitee_admin", "invitee_member"):
        with pytest.raises(PermissionDenied):
            actions.invite_partner(consent.user(role), consent.project, consent.invitee)
    assert not PartnerInvitation.objects.exists()
    actions.invite_partner(
        consent.cast.lead_member, consent.project, consent.invitee
    )  # any member of the lead


@pytest.mark.parametrize(
    "case",
    ["twice", "lead", "active_partner", "opted_out", "slot_closed", "other_slot", "private", "not_open"],
)
def test_an_invitation_is_refused_with_a_clear_error_and_nothing_saved(consent, case):
    cast = consent.cast
    actor, slot = consent.invitee, consent.slot
    if case == "twice":
        invite(consent)
    elif case == "lead":
        actor = cast.lead
    elif case == "active_partner":
        actor = cast.partner
    elif case == "opted_out":
        InvitationOptOut.objects.create(project=consent.project, actor=actor)
    elif case == "slot_closed":
        PartnerSlot.objects.filter(pk=slot.pk).update(is_open=False)
    elif case == "other_slot":
        slot = PartnerSlotFactory()
    elif case == "private":
        actor = ActorFactory(name="Cachée", is_public=False, admins=[cast.lead_admin])
    elif case == "not_open":
        actor.open_to_partnerships = False
        actor.save()
    before = PartnerInvitation.objects.count()
    with pytest.raises(ValidationError) as error:
        actions.invite_partner(cast.lead_admin, consent.project, actor, slot=slot)
    assert error.value.messages[0]
    assert PartnerInvitation.objects.count() == before


def test_a_structure_that_left_can_be_invited_again_and_comes_back_on_acceptance(consent):
    left = Partnership.objects.get(actor=consent.cast.partner)
    left.status = Partnership.Status.LEFT
    left.save()
    invitation = actions.invite_partner(
        consent.cast.lead_admin, consent.project, consent.cast.partner, nature="retour", role="Revient."
    )
    partnership = actions.accept_invitation(consent.cast.partner_member, invitation)
    assert partnership.pk == left.pk
    assert (partnership.status, partnership.nature) == ("active", "retour")


# --- expressing interest -----------------------------------------------------------------------------------


def test_a_structures_admin_expresses_interest_and_the_projects_team_accepts(consent):
    interest = actions.express_interest(
        consent.invitee_admin, consent.slot, consent.invitee, message="Bonjour"
    )
    assert (interest.direction, interest.status) == ("interest", "pending")
    told = set(Notification.objects.filter(kind="partner_interest").values_list("user", flat=True))
    assert told == {consent.cast.lead_admin.pk, consent.cast.lead_member.pk}
    # The structure cannot accept its own proposal; the project's team answers it.
    with pytest.raises(PermissionDenied):
        actions.accept_invitation(consent.invitee_admin, interest, nature="x", role="y")
    partnership = actions.accept_invitation(
        consent.cast.lead_member, interest, nature="recherche", role="Évalue l'impact."
    )
    assert partnership.status == "active"
    consent.slot.refresh_from_db()
    assert consent.slot.is_open is False


def test_interest_needs_an_admin_an_open_slot_and_a_published_project(consent):
    for role in ("invitee_member", "outsider", "staff", "lead_admin"):
        with pytest.raises(PermissionDenied):
            actions.express_interest(consent.user(role), consent.slot, consent.invitee)
    PartnerSlot.objects.filter(pk=consent.slot.pk).update(is_open=False)
    with pytest.raises(ValidationError):
        actions.express_interest(consent.invitee_admin, consent.slot, consent.invitee)
    PartnerSlot.objects.filter(pk=consent.slot.pk).update(is_open=True)
    consent.project.status = "draft"
    consent.project.save()
    with pytest.raises((ValidationError, PermissionDenied)):
        actions.express_interest(consent.invitee_admin, consent.slot, consent.invitee)
    assert not PartnerInvitation.objects.exists()


# --- answering ---------------------------------------------------------------------------------------------


def test_acceptance_creates_the_active_partnership_fills_the_slot_and_opens_the_drafts(
    consent, django_capture_on_commit_callbacks
):
    invitation = invite(consent)
    with django_capture_on_commit_callbacks(execute=True):
        partnership = actions.accept_invitation(consent.invitee_admin, invitation)
    assert (partnership.status, partnership.nature, partnership.role) == (
        "active",
        "partenaire de recherche",
        "Évalue l'impact du projet.",
    )
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_by) == ("accepted", consent.invitee_admin)
    consent.slot.refresh_from_db()
    assert consent.slot.is_open is False
    # Now its members (plain members too) are among the project's people.
    assert access.is_project_person(consent.invitee_member, consent.project)
    told = set(Notification.objects.filter(kind="partner_invitation_accepted").values_list("user", flat=True))
    assert {consent.cast.lead_admin.pk, consent.cast.lead_member.pk} <= told
    assert consent.invitee_admin.pk not in told  # who accepted knows


def test_nature_and_role_are_asked_on_acceptance_when_the_invitation_lacks_them(consent):
    invitation = invite(consent, nature="", role="")
    with pytest.raises(ValidationError):
        actions.accept_invitation(consent.invitee_admin, invitation)
    assert PartnerInvitation.objects.get(pk=invitation.pk).status == "pending"
    assert not Partnership.objects.filter(actor=consent.invitee).exists()
    actions.accept_invitation(
        consent.invitee_admin, invitation, nature="hôte", role="Accueille les ateliers."
    )
    assert Partnership.objects.get(actor=consent.invitee).nature == "hôte"


def test_only_the_invited_structures_admins_answer_an_invitation(consent):
    invitation = invite(consent)
    for role in ("outsider", "invitee_member", "lead_admin", "lead_member", "staff"):
        with pytest.raises(PermissionDenied):
            actions.accept_invitation(consent.user(role), invitation)
        with pytest.raises(PermissionDenied):
            actions.decline_invitation(consent.user(role), invitation)
    assert PartnerInvitation.objects.get(pk=invitation.pk).status == "pending"
    assert not Partnership.objects.filter(actor=consent.invitee).exists()


def test_declining_tells_the_project_and_allows_no_later_acceptance(consent):
    invitation = invite(consent)
    actions.decline_invitation(consent.invitee_admin, invitation)
    assert PartnerInvitation.objects.get(pk=invitation.pk).status == "declined"
    assert Notification.objects.filter(
        kind="partner_invitation_declined", user=consent.cast.lead_admin
    ).exists()
    with pytest.raises(ValidationError):
        actions.accept_invitation(consent.invitee_admin, invitation)
    assert not Partnership.objects.filter(actor=consent.invitee).exists()
    # A new invitation may follow a declined one (a refusal of the whole project is a separate choice).
    invite(consent)


def test_the_side_that_proposed_withdraws(consent):
    invitation = invite(consent)
    with pytest.raises(PermissionDenied):
        actions.withdraw_invitation(consent.invitee_admin, invitation)
    actions.withdraw_invitation(consent.cast.lead_member, invitation)
    assert PartnerInvitation.objects.get(pk=invitation.pk).status == "withdrawn"
    with pytest.raises(ValidationError):
        actions.accept_invitation(consent.invitee_admin, invitation)


def test_refusing_a_projects_invitations_declines_the_pending_one_and_blocks_the_next(consent):
    invitation = invite(consent)
    with pytest.raises(PermissionDenied):
        actions.refuse_project_invitations(consent.invitee_member, consent.project, consent.invitee)
    actions.refuse_project_invitations(consent.invitee_admin, consent.project, consent.invitee)
    assert PartnerInvitation.objects.get(pk=invitation.pk).status == "declined"
    with pytest.raises(ValidationError):
        invite(consent)
    # Twice is harmless.
    actions.refuse_project_invitations(consent.invitee_admin, consent.project, consent.invitee)
    assert InvitationOptOut.objects.filter(project=consent.project, actor=consent.invitee).count() == 1


def test_a_slot_filled_meanwhile_cannot_be_filled_twice(consent):
    first = invite(consent)
    second_actor = ActorFactory(name="Autre laboratoire", admins=[UserFactory()])
    second = actions.invite_partner(
        consent.cast.lead_admin, consent.project, second_actor, slot=consent.slot, nature="n", role="r"
    )
    actions.accept_invitation(consent.invitee_admin, first)
    with pytest.raises(ValidationError):
        actions.accept_invitation(second_actor.memberships.get().user, second)
    assert not Partnership.objects.filter(actor=second_actor).exists()


# --- expiry ------------------------------------------------------------------------------------------------


def test_an_expired_invitation_cannot_be_accepted_even_before_the_sweep(consent):
    invitation = invite(consent)
    PartnerInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="expir"):
        actions.accept_invitation(consent.invitee_admin, invitation)
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert not Partnership.objects.filter(actor=consent.invitee).exists()
    assert not access.invitations_to_answer(consent.invitee_admin).exists()


def test_the_sweep_expires_what_is_past_and_tells_who_proposed(consent, settings):
    settings.PARTNER_INVITATION_DAYS = 30
    invitation = invite(consent)
    fresh = PartnerInvitationFactory(project=consent.project, actor=ActorFactory())
    assert actions.do_expire_invitations(now=timezone.now() + timedelta(days=29)) == 0
    later = timezone.now() + timedelta(days=31)
    PartnerInvitation.objects.filter(pk=fresh.pk).update(expires_at=later + timedelta(days=1))
    assert actions.do_expire_invitations(now=later) == 1
    assert PartnerInvitation.objects.get(pk=invitation.pk).status == "expired"
    assert PartnerInvitation.objects.get(pk=fresh.pk).status == "pending"
    assert Notification.objects.filter(
        kind="partner_invitation_expired", user=consent.cast.lead_admin
    ).exists()
    # Expired: a new invitation may be sent.
    invite(consent)


def test_the_expiry_command(consent):
    invitation = invite(consent)
    PartnerInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    out = io.StringIO()
    call_command("expire_partner_invitations", stdout=out)
    assert out.getvalue().startswith("1 ")
    assert PartnerInvitation.objects.get(pk=invitation.pk).status == "expired"


# --- locking -----------------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_acceptance_yields_one_partnership():
    from tests.support.casts import Cast, Consent

    cast = Cast()
    consent = Consent(cast, cast.draft_project())
    invitation = invite(consent)
    second_admin = UserFactory(email="second@universite.example")
    consent.invitee.memberships.create(user=second_admin, role="admin")
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(user):
        try:
            barrier.wait()
            actions.accept_invitation(user, PartnerInvitation.objects.get(pk=invitation.pk))
            outcomes.append("accepted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(u,)) for u in (consent.invitee_admin, second_admin)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "refused"]
    assert Partnership.objects.filter(project=consent.project, actor=consent.invitee).count() == 1


def test_the_proposals_a_person_wrote_are_in_their_personal_data(consent):
    invite(consent, message="Un message écrit par moi.")
    (sent,) = export_personal_data(consent.cast.lead_admin)["partner_proposals_sent"]
    assert (sent["actor"], sent["message"], sent["status"]) == (
        "Université Voisine",
        "Un message écrit par moi.",
        "pending",
    )
    (notification,) = export_personal_data(consent.invitee_admin)["notifications"]
    assert "emailed_at" in notification
