"""Administration pages: municipalities, agencies and people for administrators; memberships
for administrators and for the agency admin of that agency. None of them shows child data.

Every list is paged (``?sida=N``): a county has hundreds of agencies and thousands of people."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.agencies import forms, selectors, services
from apps.agencies.models import Agency, Membership, Municipality, SteeringSeat
from apps.agencies.views.mixins import administrator_required
from apps.audit.services import paginate

User = get_user_model()


def administration_home(request):
    """The agencies whose memberships the user manages (all of them for an administrator),
    marking those whose access log they may also review; the log check covers the page only."""
    agencies = paginate(request, selectors.manageable_agencies(request.user))
    context = {
        "agencies": agencies,
        "page": agencies,
        "log_review_ids": selectors.log_reviewable_ids(request.user, agencies),
    }
    return render(request, "administration/home.html", context)


@administrator_required
def municipality_list(request):
    municipalities = paginate(request, selectors.municipalities())
    return render(
        request,
        "administration/municipality_list.html",
        {"municipalities": municipalities, "page": municipalities},
    )


@administrator_required
def municipality_edit(request, pk=None):
    municipality = get_object_or_404(Municipality, pk=pk) if pk else None
    form = forms.MunicipalityForm(request.POST or None, instance=municipality)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Kommunen är sparad."))
        return redirect("agencies:municipality_list")
    return render(
        request,
        "administration/form.html",
        {
            "form": form,
            "object": municipality,
            "title": _("Kommun"),
            "back_url": "agencies:municipality_list",
        },
    )


@administrator_required
def agency_list(request):
    agencies = paginate(request, selectors.all_agencies())
    return render(
        request, "administration/agency_list.html", {"agencies": agencies, "page": agencies}
    )


@administrator_required
def agency_edit(request, pk=None):
    agency = get_object_or_404(Agency, pk=pk) if pk else None
    form = forms.AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        if agency:
            services.update_agency(agency, by=request.user, **form.cleaned_data)
        else:
            services.create_agency(by=request.user, **form.cleaned_data)
        messages.success(request, _("Verksamheten är sparad."))
        return redirect("agencies:agency_list")
    return render(
        request,
        "administration/form.html",
        {
            "form": form,
            "object": agency,
            "title": _("Verksamhet"),
            "back_url": "agencies:agency_list",
        },
    )


@administrator_required
def person_list(request):
    query = request.GET.get("q", "").strip()
    people = paginate(request, selectors.people(query))
    return render(
        request,
        "administration/person_list.html",
        {"people": people, "page": people, "q": query},
    )


@administrator_required
def person_edit(request, pk=None):
    person = get_object_or_404(User, pk=pk) if pk else None
    form = forms.PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        if person:
            services.update_person(person, by=request.user, **form.cleaned_data)
        else:
            person = services.create_person(by=request.user, **form.cleaned_data)
            services.send_welcome_email(person, request=request)
        messages.success(request, _("Personen är sparad."))
        return redirect("agencies:person_list")
    return render(
        request,
        "administration/form.html",
        {"form": form, "object": person, "title": _("Person"), "back_url": "agencies:person_list"},
    )


def membership_list(request, agency_pk):
    agency = selectors.agency_for_member_management(request.user, agency_pk)
    form = forms.MembershipAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = services.find_or_create_person(
            by=request.user, email=data["email"], full_name=data["full_name"]
        )
        try:
            services.add_membership(
                by=request.user,
                user=person,
                agency=agency,
                role=data["role"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except services.MembershipRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            if not person.has_usable_password():
                services.send_welcome_email(person, request=request)
            messages.success(
                request, _("%(name)s är nu med i %(agency)s.") % {"name": person, "agency": agency}
            )
            return redirect("agencies:membership_list", agency_pk=agency.pk)
    memberships = paginate(request, selectors.agency_memberships(agency))
    return render(
        request,
        "administration/membership_list.html",
        {"agency": agency, "memberships": memberships, "page": memberships, "form": form},
    )


def _managed_membership(request, agency_pk, pk) -> Membership:
    agency = selectors.agency_for_member_management(request.user, agency_pk)
    return get_object_or_404(agency.memberships.select_related("user", "agency"), pk=pk)


def membership_edit(request, agency_pk, pk):
    membership = _managed_membership(request, agency_pk, pk)
    form = forms.MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_membership(membership, by=request.user, **form.cleaned_data)
        except services.MembershipRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Medlemskapet är sparat."))
            return redirect("agencies:membership_list", agency_pk=agency_pk)
    return render(
        request,
        "administration/form.html",
        {
            "form": form,
            "object": membership,
            "title": _("Medlemskap"),
            "back_url_args": agency_pk,
            "back_url": "agencies:membership_list",
        },
    )


def access_changes(request, agency_pk):
    """Behörighetsändringar, a part of the agency's log review: who gave whom which role,
    changed or ended it, and when, so that a role given from outside the unit is seen where
    its reads are. Names staff, never a child, so nothing goes to the access log."""
    agency = selectors.agency_for_access_review(request.user, agency_pk)
    changes = paginate(request, selectors.access_changes(agency))
    return render(
        request,
        "administration/access_changes.html",
        {"agency": agency, "changes": changes, "page": changes},
    )


@require_POST
def membership_end(request, agency_pk, pk):
    membership = _managed_membership(request, agency_pk, pk)
    if membership.deactivated_at is None:
        services.end_membership(membership, by=request.user)
        messages.success(
            request, _("Medlemskapet för %(name)s är avslutat.") % {"name": membership.user}
        )
    return redirect("agencies:membership_list", agency_pk=agency_pk)


def second_factor_reset(request, agency_pk, pk):
    """An agency admin (or an administrator) resets a member's second factor, with a reason."""
    membership = _managed_membership(request, agency_pk, pk)
    form = forms.SecondFactorResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_second_factor(
                membership, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.MembershipRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _(
                    "Den andra faktorn för %(name)s är återställd. Personen ställer in en ny "
                    "nästa gång hen loggar in."
                )
                % {"name": membership.user},
            )
            return redirect("agencies:membership_list", agency_pk=agency_pk)
    return render(
        request,
        "administration/second_factor_reset.html",
        {"form": form, "membership": membership, "agency": membership.agency},
    )


@administrator_required
def steering_seat_list(request):
    """Who sits in the county's and the municipalities' steering groups, and a form to give a
    seat: it shows the indicators only (see policy.indicators)."""
    form = forms.SteeringSeatAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = services.find_or_create_person(
            by=request.user, email=data["email"], full_name=data["full_name"]
        )
        try:
            seat = services.add_steering_seat(
                by=request.user,
                user=person,
                municipality=data["municipality"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except services.MembershipRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            if not person.has_usable_password():
                services.send_welcome_email(person, request=request)
            messages.success(
                request,
                _("%(name)s har nu en plats i %(group)s.")
                % {"name": person, "group": seat.group_name},
            )
            return redirect("agencies:steering_seat_list")
    seats = paginate(request, selectors.steering_seats())
    return render(
        request,
        "administration/steering_seat_list.html",
        {"seats": seats, "page": seats, "form": form},
    )


@require_POST
@administrator_required
def steering_seat_end(request, pk):
    seat = get_object_or_404(SteeringSeat.objects.select_related("user", "municipality"), pk=pk)
    if seat.deactivated_at is None:
        services.end_steering_seat(seat, by=request.user)
        messages.success(
            request,
            _("Platsen för %(name)s i %(group)s är avslutad.")
            % {"name": seat.user, "group": seat.group_name},
        )
    return redirect("agencies:steering_seat_list")
