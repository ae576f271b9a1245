"""Pages for detecting and following up concerns: log a concern, the reporter's own list, the
BBA inbox, the coming transitions, the case page, delegation, closing, child search and child
details."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from apps.agencies import policy
from apps.agencies.selectors import acting_agency_or_404
from apps.audit.history import ConcurrentEdit
from apps.audit.models import AccessLog
from apps.audit.services import log_access, log_entries_shown, log_list_access, paginate
from apps.cases import forms, selectors, services, stages


def concern_create(request):
    agency = acting_agency_or_404(request)
    form = forms.ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        concern = services.log_concern(
            by=request.user,
            agency=agency,
            personal_number=data["personal_number"],
            child_fields=form.child_fields(),
            areas=data["areas"],
            observation=data["observation"],
            child_words=data["child_words"],
            source=data["source"],
            social_services_report_made=data["social_services_report_made"],
            social_services_report_date=data["social_services_report_date"],
        )
        messages.success(
            request,
            _("Tack. Oron är skickad till barnets bästa-ansvarig på %(agency)s.")
            % {"agency": agency},
        )
        return redirect("cases:concern_detail", pk=concern.pk)
    return render(request, "cases/concern_form.html", {"form": form, "agency": agency})


def my_concerns(request):
    concerns = paginate(request, selectors.my_concerns(request.user))
    log_list_access(request, concerns, case=lambda concern: concern.case)
    return render(request, "cases/my_concerns.html", {"concerns": concerns, "page": concerns})


def concern_detail(request, pk):
    concern = selectors.concern_for_reporter(request.user, pk)
    form = forms.SocialServicesReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_social_services_report(
            concern, by=request.user, made_on=form.cleaned_data["made_on"]
        )
        messages.success(request, _("Orosanmälan är antecknad."))
        return redirect("cases:concern_detail", pk=concern.pk)
    log_access(request, concern, case=concern.case)
    return render(
        request,
        "cases/concern_detail.html",
        {
            "concern": concern,
            "case": selectors.case_of_concern(request.user, concern),
            "form": form,
        },
    )


def inbox(request):
    agency = acting_agency_or_404(request)
    form = forms.InboxFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    cases = paginate(request, selectors.inbox(request.user, agency, status))
    log_list_access(request, cases, case=lambda case: case)
    return render(
        request,
        "cases/inbox.html",
        {"cases": cases, "page": cases, "form": form, "agency": agency},
    )


def transitions(request):
    """Kommande övergångar: the children of the unit's open cases whose stage changes within
    the coming term, with who will hold the BBA responsibility, for the handover."""
    agency = acting_agency_or_404(request)
    coming = paginate(request, selectors.coming_transitions(request.user, agency))
    log_list_access(request, coming, case=lambda transition: transition.case)
    return render(
        request,
        "cases/transitions.html",
        {
            "transitions": coming,
            "page": coming,
            "agency": agency,
            "remind_days": stages.REMIND_DAYS_BEFORE,
        },
    )


def case_detail(request, pk):
    case = selectors.case_for_viewing(request.user, pk)
    log_access(request, case, case=case)
    page = selectors.case_page(request.user, case)
    context = {
        "case": case,
        "child": case.child,
        "guardians": case.child.guardians.all(),
        "concerns": case.concerns.all(),
        "events": page.events,
        "panels": page.panels,
        "may_change": policy.cases.may(request.user, policy.CHANGE, case),
        "may_assign": policy.cases.may(request.user, policy.ASSIGN, case),
        "close_form": forms.CloseCaseForm(),
    }
    return render(request, "cases/case_detail.html", context)


def case_changes(request, pk):
    """Vem ändrade vad: every change to the case, the child and the guardians, from their
    history."""
    case = selectors.case_for_change_log(request.user, pk)
    log_access(request, case, case=case)
    return render(
        request,
        "cases/case_changes.html",
        {"case": case, "child": case.child, "changes": selectors.case_changes(case)},
    )


def assign_handler(request, pk):
    """Choose the case's handler among the unit's handlers, on a page of its own: the list of
    the unit's people is read only by whoever asks to change it, not by every case page."""
    case = selectors.case_for_assigning(request.user, pk)
    form = forms.AssignHandlerForm(
        request.POST or None,
        candidates=selectors.handler_candidates(case.agency),
        initial={"handler": case.handler_id},
    )
    if request.method == "POST" and form.is_valid():
        services.assign_handler(case, form.cleaned_data["handler"], by=request.user)
        messages.success(request, _("Handläggaren är sparad."))
        return redirect("cases:case_detail", pk=case.pk)
    log_access(request, case, case=case)
    return render(request, "cases/assign_handler.html", {"case": case, "form": form})


def close_case(request, pk):
    case = selectors.case_for_changing(request.user, pk)
    form = forms.CloseCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_case(case, by=request.user, reason=form.cleaned_data["reason"])
        except services.InvalidTransition as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Ärendet är avslutat."))
            return redirect("cases:case_detail", pk=case.pk)
    log_access(request, case, case=case)
    return render(request, "cases/close_case.html", {"case": case, "form": form})


def record_stage(request, pk):
    """Record the child's stage where it differs from the birth date's (held back a year,
    upper secondary outside Sörmland, not in school): the case page and the daily scan then
    follow the record."""
    case = selectors.case_for_changing(request.user, pk)
    form = forms.RecordStageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_stage(case.child, by=request.user, **form.cleaned_data)
        except services.StageNotRecorded as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Barnets stadium är antecknat."))
            return redirect("cases:case_detail", pk=case.pk)
    log_access(request, case, case=case)
    return render(request, "cases/record_stage.html", {"case": case, "form": form})


def child_search(request):
    """Search by personnummer or reserve number, as a POST: the number is in no address (see
    the form). When nothing is found and what was typed is not a valid personnummer, the
    page says why, as it may be a mistyped one."""
    form = forms.ChildSearchForm(request.POST or None)
    children = problem = None
    if form.is_valid():
        lookup = form.cleaned_data["personal_number"]
        children = list(selectors.search_children(request.user, lookup))
        for child in children:
            log_access(request, child, child=child, action=AccessLog.Action.SEARCH)
        if not children and lookup.problem:
            problem = lookup.problem.messages[0]
    return render(
        request,
        "cases/child_search.html",
        {"form": form, "children": children, "problem": problem},
    )


def child_edit(request, pk):
    child = selectors.child_for_changing(request.user, pk)
    form = forms.ChildForm(
        request.POST or None, instance=child, initial={"revision": child.revision}
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            services.update_child(
                child, by=request.user, expected_revision=fields.pop("revision"), **fields
            )
        except ConcurrentEdit as error:
            form.concurrent_edit(error)
        else:
            messages.success(request, _("Barnets uppgifter är sparade."))
            return redirect("cases:child_edit", pk=child.pk)
    log_access(request, child, child=child)
    return render(
        request,
        "cases/child_form.html",
        {"child": child, "form": form, "cases": selectors.child_cases(request.user, child)},
    )


def guardian_edit(request, child_pk, pk=None):
    child = selectors.child_for_changing(request.user, child_pk)
    guardian = get_object_or_404(child.guardians, pk=pk) if pk else None
    form = forms.GuardianForm(request.POST or None, instance=guardian, child=child)
    if request.method == "POST" and form.is_valid():
        if guardian:
            services.update_guardian(guardian, by=request.user, **form.cleaned_data)
        else:
            services.add_guardian(child, by=request.user, **form.cleaned_data)
        messages.success(request, _("Uppgifterna om vårdnadshavaren är sparade."))
        return redirect("cases:child_edit", pk=child.pk)
    log_access(request, child, child=child)
    return render(
        request, "cases/guardian_form.html", {"child": child, "guardian": guardian, "form": form}
    )


def log_review(request, agency_pk):
    """Logguppföljning for the agency admin: who read which child's records, and when. The
    rows name the agency's children, so showing them is itself a read of each, logged.

    The search may hold a personnummer, so it is posted and kept in the session, and the
    browser is sent to the page of its result (post, redirect, get): the result pages on with
    ``?sida=N`` alone, and Back or a reload asks nothing again. A signed token in the address
    would still carry the number, only encoded; paging by POST would break Back and links."""
    agency = selectors.agency_for_log_review(request.user, agency_pk)
    key = forms.LogReviewForm.session_key(agency)
    if request.method == "POST":
        form = forms.LogReviewForm(request.POST)
        if form.is_valid():
            request.session[key] = form.to_session()
            return redirect("cases:log_review", agency_pk=agency.pk)
    else:
        form = forms.LogReviewForm(request.session.get(key) or forms.LogReviewForm.last_30_days())
    entries = None
    if request.method == "GET" and form.is_valid():
        entries = paginate(request, selectors.log_entries(agency, **form.cleaned_data))
        entries.object_list = selectors.reviewed(agency, entries.object_list)
        log_entries_shown(request, [row.entry for row in entries.object_list if row.names_child])
    return render(
        request,
        "cases/log_review.html",
        {"agency": agency, "form": form, "entries": entries, "page": entries},
    )
