"""The manager view of a space: how its rooms and the projects its host accompanies are doing.

For the space's managers only (404 for everyone else). One row per room of the space and per project the host
structure accompanies (``ecosystem.Support`` rows whose support structure is the host): messages per week over
the last weeks, the people silent for 30 days, open partner slots and the last marker assessment, with plain
signals ("no message for three weeks" …) to spot the projects that need help.

The whole report costs a fixed number of queries whatever the number of rooms, projects, people or messages:
each figure is read for every row at once, then grouped in Python. Who is in a room follows the rules of
``spaces.access.room_people``, read in bulk. Silent people of a project room are counted, never named: the
support structure follows the project's health without reading its member list.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import TruncWeek
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem.models import MarkerAssessment, Membership, Partnership, Project, Support, User
from spaces import access
from spaces.models import Message, ReadMarker, Room, RoomMember, SpaceMember

WEEKS = 8
SILENCE_DAYS = 30
QUIET_WEEKS = 3  # no message for this many weeks: a signal
ASSESSMENT_DAYS = 183  # no self-assessment for about six months: a signal


@dataclass
class Row:
    label: str
    room: Room | None = None
    project: Project | None = None
    weekly: list[int] = field(default_factory=list)
    people: int = 0
    silent: list[str] = field(default_factory=list)
    assessment: MarkerAssessment | None = None
    signals: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.weekly)


def _week_starts(now) -> list[datetime.date]:
    today = timezone.localdate(now)
    monday = today - datetime.timedelta(days=today.weekday())
    return [monday - datetime.timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]


def _pairs(queryset, *fields) -> dict:
    grouped = defaultdict(set)
    for key, value in queryset.values_list(*fields):
        grouped[key].add(value)
    return grouped


class Report:
    """Reads everything for one space in a fixed number of queries; ``rooms`` and ``projects`` are the rows."""

    def __init__(self, space, now=None):
        self.space = space
        self.now = now or timezone.now()
        self.weeks = _week_starts(self.now)
        latest = MarkerAssessment.objects.filter(project=OuterRef("pk")).newest_first()
        self.room_list = list(Room.objects.filter(space=space).order_by("name", "pk"))
        self.project_list = list(
            Project.objects.filter(
                pk__in=Support.objects.filter(support_actor=space.host_id).values("project")
            )
            .select_related("room")
            .annotate(
                open_slots=Count("slots", filter=Q(slots__is_open=True)),
                latest_assessment=Subquery(latest.values("pk")[:1]),
            )
            .order_by("title")
        )
        self.project_rooms = {p.pk: getattr(p, "room", None) for p in self.project_list}
        rooms = self.room_list + [room for room in self.project_rooms.values() if room is not None]
        self.room_ids = [room.pk for room in rooms]
        self._read_activity()
        self._read_people()
        self.assessments = MarkerAssessment.objects.in_bulk(
            [p.latest_assessment for p in self.project_list if p.latest_assessment]
        )
        if self.assessments:
            means = MarkerAssessment.objects.filter(pk__in=self.assessments).annotate(
                mean=Avg("scores__score")
            )
            for assessment in means:
                self.assessments[assessment.pk].mean = assessment.mean

    def _read_activity(self):
        start = timezone.make_aware(datetime.datetime.combine(self.weeks[0], datetime.time()))
        weekly = (
            Message.objects.filter(room_id__in=self.room_ids, created_at__gte=start, deleted_at=None)
            .annotate(week=TruncWeek("created_at"))
            .values_list("room_id", "week")
            .annotate(n=Count("pk"))
            .order_by()
        )
        self.weekly = Counter()
        for room_id, week, n in weekly:
            self.weekly[
                (room_id, timezone.localtime(week).date() if timezone.is_aware(week) else week.date())
            ] += n
        self.last_post = {
            (room_id, author_id): last
            for room_id, author_id, last in Message.objects.filter(
                room_id__in=self.room_ids, author__isnull=False
            )
            .values_list("room_id", "author_id")
            .annotate(last=Max("created_at"))
            .order_by()
        }
        self.last_message = {}
        for (room_id, _author), last in self.last_post.items():
            self.last_message[room_id] = max(last, self.last_message.get(room_id, last))

    def _read_people(self):
        space = self.space
        in_space = set(Membership.objects.filter(actor=space.host_id).values_list("user_id", flat=True))
        in_space |= set(SpaceMember.objects.filter(space=space).values_list("user_id", flat=True))
        let_in = _pairs(RoomMember.objects.filter(room_id__in=self.room_ids), "room_id", "user_id")
        public_ids = [room.pk for room in self.room_list if room.kind == Room.Kind.PUBLIC]
        readers = _pairs(ReadMarker.objects.filter(room_id__in=public_ids), "room_id", "user_id")
        partners = _pairs(
            Partnership.objects.filter(project__in=self.project_list, status=Partnership.Status.ACTIVE),
            "project_id",
            "actor_id",
        )
        actors = {p.lead_actor_id for p in self.project_list} | {a for ids in partners.values() for a in ids}
        members = _pairs(Membership.objects.filter(actor_id__in=actors), "actor_id", "user_id")
        self.people = {}
        for room in self.room_list:
            people = in_space | let_in[room.pk]
            if room.kind == Room.Kind.PUBLIC:
                authors = {author for (room_id, author) in self.last_post if room_id == room.pk}
                people |= readers[room.pk] | authors
            self.people[("room", room.pk)] = people
        for project in self.project_list:
            people = set(members[project.lead_actor_id])
            for actor in partners[project.pk]:
                people |= members[actor]
            room = self.project_rooms[project.pk]
            if room is not None:
                people |= let_in[room.pk]
            self.people[("project", project.pk)] = people
        everyone = {user for people in self.people.values() for user in people}
        self.names = {u.pk: u.get_full_name() for u in User.objects.filter(pk__in=everyone)}

    def _row(self, label, room, people, *, named: bool, opened) -> Row:
        """The row of ``room`` (None: a project without a room yet), which exists since ``opened``.

        A room is judged from its last message, or from ``opened`` while it has none: a room opened minutes
        ago is not « quiet for three weeks », nor are its people silent for 30 days.
        """
        row = Row(label=label, room=room, people=len(people))
        row.weekly = [self.weekly.get((room.pk, week), 0) if room else 0 for week in self.weeks]
        since = self.now - datetime.timedelta(days=SILENCE_DAYS)
        silent = [
            user
            for user in people
            if opened <= since and (not room or self.last_post.get((room.pk, user), since) <= since)
        ]
        row.silent = sorted(self.names.get(user, "") for user in silent) if named else [""] * len(silent)
        last_activity = (room and self.last_message.get(room.pk)) or opened
        if last_activity <= self.now - datetime.timedelta(weeks=QUIET_WEEKS):
            row.signals.append(_("No message for three weeks"))
        if people and len(silent) * 2 > len(people):
            row.signals.append(_("Most people have been silent for 30 days"))
        return row

    @property
    def rooms(self) -> list[Row]:
        return [
            self._row(room.name, room, self.people[("room", room.pk)], named=True, opened=room.created_at)
            for room in self.room_list
        ]

    @property
    def projects(self) -> list[Row]:
        rows = []
        for project in self.project_list:
            room = self.project_rooms[project.pk]
            opened = room.created_at if room else project.created_at
            row = self._row(
                project.title, room, self.people[("project", project.pk)], named=False, opened=opened
            )
            row.project = project
            row.assessment = self.assessments.get(project.latest_assessment)
            recent = timezone.localdate(self.now) - datetime.timedelta(days=ASSESSMENT_DAYS)
            if row.assessment is None or row.assessment.date < recent:
                row.signals.append(_("No marker assessment in the last six months"))
            rows.append(row)
        return rows


@login_required
def space_report(request, slug):
    space = access.get_visible_space_or_404(request.user, slug=slug)
    if not access.can_manage_space(request.user, space):
        raise Http404
    report = Report(space)
    context = {
        "space": space,
        "weeks": report.weeks,
        "room_rows": report.rooms,
        "project_rows": report.projects,
        "silence_days": SILENCE_DAYS,
    }
    return render(request, "spaces/space_report.html", context)
