"""The meeting pages. Access comes from the selectors (404 when denied), rules from services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.agencies import policy
from apps.audit.history import ConcurrentEdit
from apps.audit.services import log_access, log_list_access
from apps.consent.sharing import ConsentMissing
from apps.meetings import selectors, services
from apps.meetings.forms import AppointmentForm, MeetingForm, MinutesForm


def meeting_create(request, case_pk):
    case = selectors.case_for_calling(request.user, case_pk)
    form = MeetingForm(
        request.POST or None,
        initial={"focus_areas": selectors.focus_areas_of_concern(case)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.call_meeting(
                case,
                by=request.user,
                invitees=form.cleaned_data["invitees"],
                **form.meeting_fields(),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        except ConsentMissing as exc:
            form.add_error("invitees", str(exc))
        else:
            messages.success(
                request, _("Mötet är bokat och inbjudningarna är skickade till de inbjudna.")
            )
            return redirect(meeting)
    # The page names the child, so every rendering of it is a read of child data.
    log_access(request, case, case=case)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "case": case,
            "form": form,
            "candidates": selectors.invitee_candidates(case),
            "selected": form.selected_invitees(),
            "not_callable_reason": services.not_callable_reason(case),
        },
    )


def meeting_detail(request, pk):
    meeting = selectors.meeting_for_viewing(request.user, pk)
    log_access(request, meeting, case=meeting.case)
    case = meeting.case
    may_change = policy.cases.may(request.user, policy.CHANGE, case)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "participants": selectors.participants(meeting),
            "appointment": selectors.appointment(meeting),
            "may_view_case": may_change or policy.cases.may(request.user, policy.VIEW, case),
            "may_change": may_change,
            "not_appointable_reason": services.not_appointable_reason(meeting),
        },
    )


def minutes(request, pk):
    meeting = selectors.meeting_for_changing(request.user, pk)
    participants = selectors.participants(meeting)
    form = MinutesForm(
        request.POST or None,
        participants=participants,
        initial={
            "attended": [str(p.user_id) for p in participants if p.attended],
            "child_view": meeting.child_view,
            "guardians_view": meeting.guardians_view,
            "agreed": meeting.agreed,
            "revision": meeting.minutes_revision,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_minutes(
                meeting,
                by=request.user,
                attended_user_ids=form.attended_user_ids(),
                child_view=form.cleaned_data["child_view"],
                guardians_view=form.cleaned_data["guardians_view"],
                agreed=form.cleaned_data["agreed"],
                expected_revision=form.cleaned_data["revision"],
            )
        except ConcurrentEdit as error:
            form.concurrent_edit(error)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Protokollet är sparat."))
            return redirect(meeting)
    log_access(request, meeting, case=meeting.case)
    return render(
        request,
        "meetings/minutes_form.html",
        {
            "meeting": meeting,
            "form": form,
            "not_minutable_reason": services.not_minutable_reason(meeting),
        },
    )


def appoint_coordinator(request, pk):
    meeting = selectors.meeting_for_changing(request.user, pk)
    form = AppointmentForm(
        request.POST or None, meeting=meeting, participants=selectors.participants(meeting)
    )
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.appoint_coordinator(
                meeting, by=request.user, **form.appointment_fields()
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("%(name)s är utsedd till samordningsperson.")
                % {"name": appointment.coordinator.user.full_name},
            )
            return redirect(meeting)
    log_access(request, meeting, case=meeting.case)
    return render(
        request,
        "meetings/appointment_form.html",
        {
            "meeting": meeting,
            "form": form,
            "not_appointable_reason": services.not_appointable_reason(meeting),
        },
    )


def my_meetings(request):
    inbox = selectors.my_meetings(request.user)
    log_list_access(request, [*inbox.upcoming, *inbox.earlier], case=lambda meeting: meeting.case)
    return render(request, "meetings/my_meetings.html", {"inbox": inbox})
