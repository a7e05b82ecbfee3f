"""The jury's pages under ``/jury/``: a jury member's assigned applications and their review; staff (the
chair) see every submitted application with the weighted totals and record the decision.

Who sees what is ``ecosystem.access``'s: an application not assigned to the person (or with a conflict of
interest) answers 404; the other reviews show only to staff and to a jury member who submitted their own.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ecosystem import access
from ecosystem.actions import reviews as actions
from ecosystem.forms.reviews import DecisionForm, ReviewForm
from ecosystem.models import Application, Review, ReviewScore
from ecosystem.views.calls import serve_document

SCORES = Prefetch("scores", queryset=ReviewScore.objects.select_related("criterion"))


def _with_totals(reviews):
    for review in reviews:
        review.percent = actions.weighted_percent(review)
    return reviews


def _average(reviews):
    values = [review.percent for review in reviews if review.is_submitted and review.percent is not None]
    return round(sum(values) / len(values), 1) if values else None


@login_required
@require_safe
def jury_home(request):
    user = request.user
    if not (access.is_jury_member(user) or access.can_decide(user)):
        raise Http404
    mine = [
        review
        for review in Review.objects.filter(juror=user).select_related(
            "application__project__lead_actor", "application__call"
        )
        if access.review_of(user, review.application) is not None
    ]
    to_decide = []
    if access.can_decide(user):
        to_decide = list(
            Application.objects.filter(status__in=[Application.Status.SUBMITTED, Application.Status.DECIDED])
            .select_related("project", "call")
            .prefetch_related(Prefetch("reviews", queryset=Review.objects.prefetch_related(SCORES)))
            .order_by("call__deadline", "project__title")
        )
        for application in to_decide:
            application.average = _average(_with_totals(list(application.reviews.all())))
    return render(request, "ecosystem/jury_home.html", {"reviews": mine, "to_decide": to_decide})


def _page(request, application, review, form=None, decision_form=None):
    show_reviews = access.can_see_reviews(request.user, application)
    reviews = (
        _with_totals(list(application.reviews.select_related("juror").prefetch_related(SCORES)))
        if show_reviews
        else []
    )
    criteria = application.call.criteria.all()
    if form is None and review is not None and not review.is_submitted:
        form = ReviewForm(criteria=criteria, review=review)
    if decision_form is None and access.can_decide(request.user):
        decision_form = DecisionForm(
            initial={
                "decision": application.decision,
                "reasons": application.decision_reasons,
                "agreement_ends_on": application.agreement_ends_on,
            },
            call=application.call,
        )
    return render(
        request,
        "ecosystem/jury_review.html",
        {
            "application": application,
            "project": application.project,
            "call": application.call,
            "documents": application.documents.all(),
            "review": review,
            "form": form,
            "reviews": reviews,
            "average": _average(reviews),
            "decision_form": decision_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def jury_review(request, pk):
    application, review = access.get_jury_application_or_404(request.user, pk)
    if request.method == "POST":
        if review is None or review.is_submitted:
            raise Http404
        form = ReviewForm(request.POST, criteria=application.call.criteria.all(), review=review)
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                actions.save_review(
                    request.user, review, form.scores(), form.cleaned_data["comment"], submit=submit
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Review submitted.") if submit else _("Review saved."))
                return redirect("ecosystem:jury_review", pk=pk)
        return _page(request, application, review, form=form)
    return _page(request, application, review)


@login_required
@require_safe
def jury_document(request, pk, doc):
    application, _review = access.get_jury_application_or_404(request.user, pk)
    return serve_document(access.get_visible_document_or_404(request.user, application, doc))


@login_required
@require_POST
def jury_decision(request, pk):
    application, review = access.get_jury_application_or_404(request.user, pk)
    if not access.can_decide(request.user):
        raise Http404
    form = DecisionForm(request.POST, call=application.call)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.decide(
                request.user, application, data["decision"], data["reasons"], data["agreement_ends_on"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Decision recorded; the applicants are notified."))
            return redirect("ecosystem:jury_review", pk=pk)
    return _page(request, application, review, decision_form=form)
