"""The Skolfam pages. Access comes from the selectors (404 when denied), rules from services;
every page naming a child writes its access-log row."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from apps.agencies.models import Municipality
from apps.agencies.views.mixins import administrator_required
from apps.audit.services import log_access, log_list_access, paginate
from apps.skolfam import forms, selectors, services
from apps.skolfam.models import DEFAULT_INTERVAL_MONTHS


def _refused(form, error: services.SkolfamError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


@administrator_required
def participation_list(request):
    municipalities = paginate(request, selectors.participations())
    return render(
        request,
        "skolfam/participation_list.html",
        {"municipalities": municipalities, "page": municipalities},
    )


@administrator_required
def participation_edit(request, municipality_pk):
    municipality = get_object_or_404(Municipality, pk=municipality_pk)
    participation = getattr(municipality, "skolfam", None)
    initial = None
    if participation is None:
        initial = {"takes_part": True, "interval_months": DEFAULT_INTERVAL_MONTHS}
    form = forms.ParticipationForm(request.POST or None, instance=participation, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_participation(municipality, by=request.user, **form.cleaned_data)
        messages.success(
            request, _("Skolfam-inställningen för %(name)s är sparad.") % {"name": municipality}
        )
        return redirect("skolfam:participation_list")
    return render(
        request,
        "administration/form.html",
        {
            "form": form,
            "object": municipality,
            "title": _("Skolfam"),
            "back_url": "skolfam:participation_list",
        },
    )


def cohort(request):
    agency = selectors.team_agency_or_404(request)
    members = paginate(request, selectors.cohort(request.user, agency))
    log_list_access(request, members, case=lambda member: member.case)
    return render(
        request,
        "skolfam/cohort.html",
        {"agency": agency, "members": members, "page": members},
    )


def due(request):
    agency = selectors.team_agency_or_404(request)
    members = paginate(request, selectors.due(request.user, agency))
    log_list_access(request, members, case=lambda member: member.case)
    return render(
        request,
        "skolfam/due.html",
        {"agency": agency, "members": members, "page": members, "within": selectors.DUE_WITHIN},
    )


def mark(request, case_pk):
    case = selectors.case_for_marking(request.user, case_pk)
    form = forms.MarkForm(request.POST or None, schools=selectors.team_schools(case))
    if request.method == "POST" and form.is_valid():
        try:
            member = services.mark_child(case, by=request.user, **form.cleaned_data)
        except services.SkolfamError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _("%(child)s är med i Skolfam. Den första kartläggningen kan göras nu.")
                % {"child": case.child},
            )
            return redirect(member)
    log_access(request, case, case=case)
    return render(request, "skolfam/mark.html", {"case": case, "form": form})


def member_detail(request, pk):
    member = selectors.member_for_viewing(request.user, pk)
    log_access(request, member, case=member.case)
    context = {
        "member": member,
        "child": member.child,
        "mappings": list(selectors.mappings_of(member)),
        "may_map": selectors.may_map(request.user, member),
        "may_withdraw": selectors.may_withdraw(request.user, member),
        "may_view_case": selectors.may_view_case(request.user, member),
    }
    return render(request, "skolfam/member_detail.html", context)


def mapping_create(request, pk):
    member = selectors.member_for_mapping(request.user, pk)
    form = forms.MappingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_mapping(
                member,
                by=request.user,
                mapped_on=form.cleaned_data["mapped_on"],
                bands=form.bands(),
            )
        except services.SkolfamError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Kartläggningen är sparad."))
            return redirect(member)
    log_access(request, member, case=member.case)
    return render(request, "skolfam/mapping_form.html", {"member": member, "form": form})


def withdraw(request, pk):
    member = selectors.member_for_withdrawing(request.user, pk)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(member, by=request.user, **form.cleaned_data)
        except services.SkolfamError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _("Samtycket är återkallat. %(child)s är inte längre med i Skolfam.")
                % {"child": member.child},
            )
            return redirect(member)
    log_access(request, member, case=member.case)
    return render(request, "skolfam/withdraw.html", {"member": member, "form": form})
