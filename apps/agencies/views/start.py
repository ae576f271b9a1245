from django.shortcuts import render

from apps.agencies import start_page
from apps.audit.services import log_reads


def home(request):
    """The start page: the unit the user acts for, the ways in, and what the apps have
    waiting for them (a coordinator's plans and follow-ups), each child named logged."""
    sections = start_page.load_sections(request) if request.acting_agency else []
    log_reads(request, [read for section in sections for read in section.reads])
    return render(request, "home.html", {"sections": sections})
