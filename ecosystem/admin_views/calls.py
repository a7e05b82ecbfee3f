"""Calls for projects, their review criteria, jury assignments and the audit trail, in the admin.

Staff create and edit calls and criteria with plain ``ModelViewSet`` forms; the writes are handed to
:mod:`ecosystem.actions.calls` through Wagtail's action layer (as for the reference data), which audits each
change. A call that has applications cannot be deleted (``PROTECT``). The audit trail is read-only for
everyone: no add, edit or delete view exists, whatever a person's model permissions say. Jury assignments
are only added (through ``do_assign_juror``, which refuses conflicts of interest); a review is its jury
member's, so it is neither edited nor deleted here.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.actions import CreateAction, DeleteAction, EditAction
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permissions import register_permission_policy

from ecosystem.access import JURY_GROUP
from ecosystem.actions.calls import do_delete_call_item, do_save_call, do_save_criterion
from ecosystem.actions.reviews import check_assignment, do_assign_juror
from ecosystem.admin_views.policies import RefusingPermissionPolicy
from ecosystem.models import Application, AuditEntry, Call, Phase, Review, ReviewCriterion, User

CALL_MODELS = (Call, ReviewCriterion)


class _SavedByTheDomain:
    def _save_instance(self):
        instance = self.form.save(commit=False) if self.form else self.instance
        save = do_save_call if isinstance(instance, Call) else do_save_criterion
        self.instance = save(instance, by=self.user)


class CallCreateAction(_SavedByTheDomain, CreateAction):
    pass


class CallEditAction(_SavedByTheDomain, EditAction):
    pass


class CallDeleteAction(DeleteAction):
    def _delete(self):
        with transaction.atomic():
            if self.log_action:
                log(instance=self.instance, action=self.log_action, user=self.user, deleted=True)
            do_delete_call_item(self.instance, by=self.user)


class CallForm(WagtailAdminModelForm):
    phases = forms.MultipleChoiceField(
        label=_("phases funded"), choices=Phase.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Call
        fields = [
            "title",
            "slug",
            "summary",
            "eligibility",
            "phases",
            "opens_at",
            "deadline",
            "decision_at",
            "label",
            "assessment_period_months",
            "agreements_end_on",
        ]

    def clean(self):
        cleaned = super().clean()
        opens_at, deadline, decision_at = (
            cleaned.get(name) for name in ("opens_at", "deadline", "decision_at")
        )
        if opens_at and deadline and deadline <= opens_at:
            self.add_error("deadline", _("The deadline must come after the opening."))
        if deadline and decision_at and decision_at < deadline:
            self.add_error("decision_at", _("The decision cannot come before the deadline."))
        return cleaned


class CallDeleteView(ModelViewSet.delete_view_class):
    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, _("This call has applications, so it cannot be deleted."))
            return redirect(self.edit_url_name, self.object.pk)


class CallViewSet(ModelViewSet):
    model = Call
    icon = "doc-full-inverse"
    menu_label = _("Calls for projects")
    copy_view_enabled = False
    delete_view_class = CallDeleteView
    list_display = ["title", "opens_at", "deadline", "decision_at"]
    search_fields = ["title"]

    def get_form_class(self, for_update=False):
        return CallForm


class ReviewCriterionViewSet(ModelViewSet):
    model = ReviewCriterion
    icon = "list-ol"
    menu_label = _("Review criteria")
    copy_view_enabled = False
    list_display = ["name", "call", "weight", "scale_max", "order"]
    list_filter = ["call"]
    form_fields = ["call", "name", "description", "weight", "scale_max", "order"]


# The audit trail is never edited, by anyone.
register_permission_policy(
    AuditEntry, RefusingPermissionPolicy(AuditEntry, refused={"add", "change", "delete"})
)


# Assignments are added, never edited or deleted here: a review belongs to its jury member.
register_permission_policy(Review, RefusingPermissionPolicy(Review, refused={"change", "delete"}))


class AssignmentForm(WagtailAdminModelForm):
    """Staff pick a submitted application and a member of the Jury group; conflicts of interest are refused."""

    class Meta:
        model = Review
        fields = ["application", "juror"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = Application.objects.filter(
            status__in=[Application.Status.SUBMITTED, Application.Status.DECIDED]
        ).select_related("project", "call")
        self.fields["juror"].queryset = User.objects.filter(groups__name=JURY_GROUP).order_by("email")

    def clean(self):
        cleaned = super().clean()
        application, juror = cleaned.get("application"), cleaned.get("juror")
        if application and juror:
            try:
                check_assignment(application, juror)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class AssignmentCreateAction(CreateAction):
    def _save_instance(self):
        instance = self.form.save(commit=False)
        self.instance = do_assign_juror(instance.application, instance.juror, by=self.user, review=instance)


class AssignmentViewSet(ModelViewSet):
    model = Review
    icon = "user"
    menu_label = _("Jury assignments")
    copy_view_enabled = False
    list_display = ["application", "juror", "assigned_at", "submitted_at"]
    list_filter = ["application__call"]
    search_fields = ["juror__email"]

    def get_form_class(self, for_update=False):
        return AssignmentForm


class AuditEntryViewSet(ModelViewSet):
    model = AuditEntry
    icon = "history"
    menu_label = _("Audit trail")
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["when", "who_name", "what", "object_repr"]
    list_filter = ["what"]
    search_fields = ["who_name", "what", "object_repr"]
    list_per_page = 50
    form_fields = []
    inspect_view_fields = ["when", "who_name", "what", "object_repr", "details"]
