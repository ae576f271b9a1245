"""The plan pages. Access comes from the selectors (404 when denied), rules from services."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.audit.services import log_access, log_list_access, paginate
from apps.consent.sharing import ConsentMissing
from apps.sip import plan_panels, selectors, services
from apps.sip.forms import (
    AgreeForm,
    CloseCaseForm,
    DeclineForm,
    FollowUpForms,
    People,
    PlanEditForm,
)


def _plan_url(plan) -> str:
    return reverse("sip:plan_detail", args=[plan.pk])


def _log(request, obj, case) -> None:
    """Every page here names the child, so every rendering of it is a read of child data."""
    log_access(request, obj, case=case)


def plan_create(request, meeting_pk):
    """A confirmation page, and the POST that starts the plan from the meeting."""
    meeting = selectors.meeting_for_planning(request.user, meeting_pk)
    error = None
    if request.method == "POST":
        try:
            plan = services.create_plan(meeting, by=request.user)
        except (services.PlanRefused, ConsentMissing) as exc:
            error = str(exc)
        else:
            messages.success(
                request, _("Planen är påbörjad. Skriv in det ni kom överens om på mötet.")
            )
            return redirect(_plan_url(plan))
    _log(request, meeting, meeting.case)
    return render(
        request,
        "sip/plan_create.html",
        {
            "meeting": meeting,
            "appointment": getattr(meeting, "coordinator_appointment", None),
            "error": error,
            "not_plannable_reason": services.not_plannable_reason(meeting),
        },
    )


def _plan_context(request, plan, version) -> dict:
    may_change = selectors.may_change_plan(request.user, plan)
    return {
        "plan": plan,
        "case": plan.case,
        "version": version,
        "may_change": may_change and not plan.case.is_closed and not plan.declined,
        "may_view_case": selectors.may_view_case(request.user, plan.case),
        "missing": services.missing_parts(version) if version and version.is_draft else [],
        "plan_kind": services.kind_of_plan(version) if version else None,
    }


def plan_detail(request, pk):
    plan = selectors.plan_for_viewing(request.user, pk)
    _log(request, plan, plan.case)
    version = selectors.current_version(plan)
    context = _plan_context(request, plan, version)
    context.update(
        {
            "versions": selectors.versions(plan),
            "follow_ups": selectors.follow_ups(plan),
            "participants": selectors.meeting_participants(plan),
            "not_followable_reason": services.not_followable_reason(version),
            "coordinator_changes": selectors.plan_coordinator_changes(plan),
            "panels": plan_panels.load_sections(request.user, plan),
        }
    )
    return render(request, "sip/plan_detail.html", context)


def version_detail(request, pk):
    version = selectors.version_for_viewing(request.user, pk)
    plan = version.plan
    _log(request, version, plan.case)
    return render(request, "sip/version_detail.html", _plan_context(request, plan, version))


def version_edit(request, pk):
    version = selectors.version_for_changing(request.user, pk)
    plan = version.plan
    people = People(selectors.people_for_plan(version))
    form = PlanEditForm(request.POST or None, version=version, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_version(version, by=request.user, **form.service_arguments())
        except services.ConcurrentEdit as exc:
            form.concurrent_edit(str(exc), exc.current_revision)
        except (services.PlanRefused, ConsentMissing) as exc:
            form.refuse(str(exc))
        else:
            messages.success(request, _("Planen är sparad."))
            return redirect(_plan_url(plan))
    _log(request, version, plan.case)
    return render(
        request,
        "sip/version_form.html",
        {"plan": plan, "version": version, "form": form, "people": people},
    )


def version_agree(request, pk):
    version = selectors.version_for_changing(request.user, pk)
    plan = version.plan
    form = AgreeForm(request.POST or None, initial={"revision": version.revision})
    if request.method == "POST" and form.is_valid():
        try:
            services.agree(
                version,
                by=request.user,
                agreed_parties=form.cleaned_data["agreed_parties"],
                expected_revision=form.cleaned_data["revision"],
            )
        except services.PlanIncomplete as exc:
            form.add_error(None, _("Planen kan inte bli överenskommen ännu."))
            for part in exc.missing:
                form.add_error(None, part)
        except (services.PlanRefused, ConsentMissing) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Version %(number)s av planen är överenskommen.") % {"number": version.number},
            )
            return redirect(_plan_url(plan))
    _log(request, version, plan.case)
    context = _plan_context(request, plan, version)
    context["form"] = form
    return render(request, "sip/version_agree.html", context)


def follow_up_create(request, pk):
    version = selectors.version_for_changing(request.user, pk)
    plan = version.plan
    form = FollowUpForms(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up = services.record_follow_up(
                version, by=request.user, **form.service_arguments()
            )
        except (services.PlanRefused, ConsentMissing) as exc:
            form.refuse(str(exc))
        else:
            if follow_up.revised_into:
                messages.success(
                    request,
                    _(
                        "Uppföljningen är sparad. Version %(number)s är ett utkast: ändra "
                        "planen och kom överens om den."
                    )
                    % {"number": follow_up.revised_into.number},
                )
            else:
                messages.success(request, _("Uppföljningen är sparad."))
            return redirect(_plan_url(plan))
    _log(request, version, plan.case)
    return render(
        request,
        "sip/follow_up_form.html",
        {
            "plan": plan,
            "version": version,
            "form": form,
            "not_followable_reason": services.not_followable_reason(version),
        },
    )


def _plan_ending(request, pk, form_class, record, done: str, template: str):
    """A form that ends the plan's working life (the case closed, or the family's no): the
    plan stays to read, so both go back to it with a message, or show the refusal."""
    plan = selectors.plan_for_changing(request.user, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record(plan, by=request.user, **form.cleaned_data)
        except services.PlanRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done)
            return redirect(_plan_url(plan))
    _log(request, plan, plan.case)
    return render(request, template, {"plan": plan, "form": form})


def close_case(request, pk):
    return _plan_ending(
        request,
        pk,
        CloseCaseForm,
        services.close_case,
        _("Ärendet är avslutat. Planen finns kvar att läsa för dem som hade tillgång."),
        "sip/close_case.html",
    )


def my_plans(request):
    """Every plan the person coordinates or has an action in, paged: the way in for someone
    named responsible in a plan of another agency, who has no case to reach it through."""
    plans = paginate(request, selectors.my_plans_and_actions(request.user))
    log_list_access(request, plans, case=lambda plan: plan.case)
    return render(request, "sip/my_plans.html", {"plans": plans, "page": plans})


def plan_decline(request, pk):
    """Record that the family said no to the plan, and why."""
    return _plan_ending(
        request,
        pk,
        DeclineForm,
        services.record_declined,
        _("Det är antecknat att familjen tackade nej. Planen finns kvar att läsa."),
        "sip/plan_decline.html",
    )
