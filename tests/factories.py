"""factory_boy factories for the domain: the one place a test builds people, actors, projects and rooms.

Rows are created directly where the model holds no invariant an action keeps (users, actors, memberships,
projects, partnerships). Spaces, rooms and messages go through ``spaces.actions`` because the actions own
their invariants (unique slugs, a room's message sequence, read markers): their factories call the actions in
``_create``. Search indexing is not implied: a test that searches rebuilds the index (``search.rebuild()``) or
goes through the actions that index on commit.

Builders that are not factories (form data, HTML helpers, reference territories) live in ``tests.support``.
"""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.text import slugify

from ecosystem.models import (
    Actor,
    ActorKind,
    Application,
    Call,
    Event,
    Membership,
    PartnerInvitation,
    Partnership,
    PartnerSlot,
    Project,
    Resource,
    ReviewCriterion,
    Theme,
    User,
)

PASSWORD = "une-phrase-de-passe-solide"


class UserFactory(factory.django.DjangoModelFactory):
    """A person with ``PASSWORD`` and a primary email address, verified unless ``verified=False``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    display_name = factory.LazyAttribute(lambda o: o.email.split("@")[0])
    is_staff = False

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, password=PASSWORD, **kwargs)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create:
            verified = True if extracted is None else bool(extracted)
            EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    order = factory.Sequence(lambda n: 100 + n)


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Ressource {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class ActorFactory(factory.django.DjangoModelFactory):
    """A public association; ``admins=[…]`` and ``members=[…]`` add memberships, ``themes=[…]`` sets themes."""

    class Meta:
        model = Actor
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Structure {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = ActorKind.ASSOCIATION
    is_public = True

    @factory.post_generation
    def admins(actor, create, extracted, **kwargs):
        for user in extracted or ():
            Membership.objects.create(user=user, actor=actor, role=Membership.Role.ADMIN)

    @factory.post_generation
    def members(actor, create, extracted, **kwargs):
        for user in extracted or ():
            Membership.objects.create(user=user, actor=actor, role=Membership.Role.MEMBER)

    @factory.post_generation
    def themes(actor, create, extracted, **kwargs):
        if extracted:
            actor.themes.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    actor = factory.SubFactory(ActorFactory)
    role = Membership.Role.MEMBER


class ProjectFactory(factory.django.DjangoModelFactory):
    """A draft project answering every field the call requires; ``themes=[…]`` sets its themes."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Projet {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    lead_actor = factory.SubFactory(ActorFactory)
    status = Project.Status.DRAFT
    summary = "Un café où les aidants se retrouvent."
    need = "Les aidants familiaux sont isolés."
    beneficiaries = "Aidants familiaux du territoire."
    innovation_type = Project.InnovationType.UNMET_NEED
    action_type = Project.ActionType.RESEARCH
    start_date = datetime.date(2024, 3, 1)

    class Params:
        published = factory.Trait(status=Project.Status.PUBLISHED)

    @factory.post_generation
    def themes(project, create, extracted, **kwargs):
        if extracted:
            project.themes.set(extracted)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    project = factory.SubFactory(ProjectFactory)
    actor = factory.SubFactory(ActorFactory)
    nature = "co-conception"
    role = "Anime les ateliers."


class PartnerSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerSlot

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Partenaire recherché {n}")


class PartnerInvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation written directly (expired or answered states, forged ids); a test of the consent
    flow itself goes through ``ecosystem.actions.invitations``."""

    class Meta:
        model = PartnerInvitation

    project = factory.SubFactory(ProjectFactory)
    actor = factory.SubFactory(ActorFactory)
    direction = PartnerInvitation.Direction.INVITATION
    nature = "co-conception"
    role = "Anime les ateliers."
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))


class SpaceFactory(factory.Factory):
    """A space hosted by an incubator, created by ``manager`` (an admin of the host) through the action."""

    class Meta:
        model = dict  # replaced in _create: the action builds the row

    manager = factory.SubFactory(UserFactory)
    host = None  # default: a new incubator that ``manager`` administers
    name = factory.Sequence(lambda n: f"Espace {n}")

    @classmethod
    def _create(cls, model_class, manager, host, name, **kwargs):
        from spaces.actions import create_space

        host = host or ActorFactory(kind=ActorKind.INCUBATOR, admins=[manager])
        return create_space(manager, host, name=name, **kwargs)


class RoomFactory(factory.Factory):
    """A public room of a new space, opened by the space's manager through the action."""

    class Meta:
        model = dict

    space = factory.SubFactory(SpaceFactory)
    name = factory.Sequence(lambda n: f"Salon {n}")
    kind = "public"

    @classmethod
    def _create(cls, model_class, space, **kwargs):
        from spaces.actions import open_room

        return open_room(space.created_by, space, **kwargs)


class MessageFactory(factory.Factory):
    """A message posted through the action (so it takes the room's next sequence number)."""

    class Meta:
        model = dict

    room = factory.SubFactory(RoomFactory)
    author = factory.LazyAttribute(lambda o: o.room.space.created_by)
    text = factory.Sequence(lambda n: f"Message {n}")

    @classmethod
    def _create(cls, model_class, room, author, **kwargs):
        from spaces.actions import post_message

        return post_message(author, room, **kwargs)


class CallFactory(factory.django.DjangoModelFactory):
    """A call open now (opened yesterday, closing in a week) with the three criteria of the call text."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Appel {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    eligibility = "Projets collectifs ancrés sur le territoire régional."
    phases = factory.LazyFunction(lambda: ["emergence", "experimentation", "evaluation"])
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    decision_at = factory.LazyAttribute(lambda o: o.deadline + datetime.timedelta(days=30))
    label = "Projet labellisé SIEG Innovation sociale 2027"

    class Params:
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=60)),
            deadline=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
        )

    @factory.post_generation
    def criteria(call, create, extracted, **kwargs):
        names = extracted if extracted is not None else ["Caractère innovant", "Faisabilité", "Partenariat"]
        for order, name in enumerate(names):
            ReviewCriterion.objects.create(call=call, name=name, weight=order + 1, scale_max=5, order=order)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft application of a published project to an open call (``submitted=True``: submitted)."""

    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    project = factory.SubFactory(ProjectFactory, published=True)
    phase = "experimentation"
    partnership = "Une coopérative et une université, chacune avec son rôle."
    research_collaboration = "Un laboratoire de sociologie suit l'expérimentation."
    evaluation_plan = "Auto-évaluation tous les six mois sur les marqueurs."
    impact_method = "Indicateurs d'emplois et de bénéficiaires."
    budget_summary = "120 000 € sur deux ans."

    class Params:
        submitted = factory.Trait(
            status=Application.Status.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )


class EventFactory(factory.django.DjangoModelFactory):
    """A published in-person event in ten days, hosted by a public structure; ``published=False`` for a draft."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    host = factory.SubFactory(ActorFactory)
    title = factory.Sequence(lambda n: f"Rencontre {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    kind = Event.Kind.MEETUP
    status = Event.Status.PUBLISHED
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    address = "3 rue des Tanneurs"
    capacity = 2

    class Params:
        draft = factory.Trait(status=Event.Status.DRAFT)

    @factory.post_generation
    def themes(event, create, extracted, **kwargs):
        if extracted:
            event.themes.set(extracted)
