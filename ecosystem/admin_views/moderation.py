"""The moderation queue in the Wagtail admin: reports, the content in context, who reported and why, how many
reports the content has; staff decide through the edit form, which writes through
``ecosystem.actions.moderation.decide`` (the decision is applied, logged and the author told). Nobody adds or
deletes reports here; the decisions log is read-only."""

from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from ecosystem.actions.moderation import content_context, decide
from ecosystem.admin_views.directory import ModerationEditView
from ecosystem.models import ModerationDecision, Report


class StaffOnlyNoAddDelete(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action in {"add", "delete"} or not user.is_staff:
            return False
        return super().user_has_permission(user, action)


class ReadOnlyLog(StaffOnlyNoAddDelete):
    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(Report, StaffOnlyNoAddDelete(Report))
register_permission_policy(ModerationDecision, ReadOnlyLog(ModerationDecision))


class ReportEditView(ModerationEditView):
    def moderate(self, report, cleaned_data):
        return decide(self.request.user, report, cleaned_data["decision"], cleaned_data["decision_note"])


class ReportViewSet(ModelViewSet):
    model = Report
    edit_view_class = ReportEditView
    icon = "warning"
    menu_label = _("Reports")
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "content",
        Column("context", label=_("in context"), accessor=lambda report: content_context(report.content)),
        "reason",
        "reporter",
        Column("reports_count", label=_("reports about it")),
        "status",
        "created_at",
    ]
    list_filter = ["status", "reason", "content_type"]
    list_per_page = 50
    form_fields = ["decision", "decision_note"]
    inspect_view_fields = [
        "content",
        "reason",
        "comment",
        "reporter",
        "created_at",
        "status",
        "decision",
        "decision_note",
    ]

    def get_queryset(self, request):
        same = (
            Report.objects.filter(content_type=OuterRef("content_type"), object_id=OuterRef("object_id"))
            .values("object_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Report.objects.select_related("reporter", "content_type").annotate(
            reports_count=Subquery(same)
        )


class ModerationDecisionViewSet(ModelViewSet):
    model = ModerationDecision
    icon = "list-ul"
    menu_label = _("Moderation log")
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["decision", "content_type", "object_id", "subject", "note", "decided_by", "decided_at"]
    list_filter = ["decision"]
    list_per_page = 50
    form_fields = ["note"]
