"""The SIP on paper: the full plan for the agencies and a child-friendly version for the family.

Rendered with WeasyPrint as tagged PDF/UA-1 (headings, tables and reading order survive for
screen readers) in the project's own fonts, never the server's: Atkinson Hyperlegible, then
Noto Sans, Noto Sans Arabic and Noto Sans Ethiopic for the scripts families write in. A4, with
a running header (whose plan, which version) and footer (who printed it and when, the secrecy
notice, page X of Y), so a single loose page still says what it is and how it must be kept.

Addresses: the child's address is printed on the full plan only when the child has no protected
identity (DESIGN.md §6), and a protected child's plan does not even say that one was left out:
a lost page must not tell anyone that the child is hidden. The child-friendly version never has
an address, nor a personnummer.
"""

import functools
import io
import unicodedata
from pathlib import Path
from urllib import request

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fontTools.ttLib import woff2
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from apps.sip import law
from apps.sip.models import Action, PlanVersion

FONTS_DIR = settings.BASE_DIR / "static" / "fonts"


class FontsOnlyFetcher(URLFetcher):
    """Lets WeasyPrint read our font files and nothing else: no network, no other file, even if
    a typed text ever ended up looking like a URL. Every PDF of the project is laid out with
    it (the indicators' committee report too).

    The fonts are WOFF2 files, small for the browser; WeasyPrint would unpack each with
    fontTools on every document it lays out (half a second a font, a third of a PDF's time),
    so they are handed over unpacked, as unpacked once per process."""

    def fetch(self, url, headers=None):
        if not url.startswith(FONTS_DIR.as_uri() + "/"):
            raise ValueError(f"Not a font of the project: {url}")
        if url.endswith(".woff2"):
            return URLFetcherResponse(url, _unpacked_font(url), {"Content-Type": "font/ttf"})
        return super().fetch(url, headers)


@functools.cache
def _unpacked_font(url: str) -> bytes:
    unpacked = io.BytesIO()
    woff2.decompress(Path(request.url2pathname(url.removeprefix("file:"))), unpacked)
    return unpacked.getvalue()


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def page_counter_content() -> str:
    """The CSS ``content`` of "Sida X av Y", built from one translatable sentence so another
    language may put the numbers in another order."""
    text = _("Sida %(page)s av %(pages)s")
    placeholders = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    parts, rest = [], text
    while rest:
        found = [(rest.find(p), p) for p in placeholders if p in rest]
        if not found:
            parts.append(_css_string(rest))
            break
        index, placeholder = min(found)
        if index:
            parts.append(_css_string(rest[:index]))
        parts.append(placeholders[placeholder])
        rest = rest[index + len(placeholder) :]
    return " ".join(parts)


def pdf_filename(version: PlanVersion, *, child_friendly=False) -> str:
    """ "sip-AB-v2.pdf": the child's initials only, as a file name travels further than the
    file (download lists, e-mail, print queues)."""
    child = version.plan.case.child
    initials = "".join(
        unicodedata.normalize("NFKD", name.strip()[:1]).encode("ascii", "ignore").decode()
        for name in (child.first_name, child.last_name)
    ).upper()
    suffix = "-barn" if child_friendly else ""
    return f"sip-{initials or 'x'}-v{version.number}{suffix}.pdf"


def _version_for_print(version: PlanVersion) -> PlanVersion:
    return PlanVersion.objects.select_related(
        "plan__case__child",
        "plan__coordinator",
        "plan__coordinator_agency",
        "plan__meeting",
        "lead_agency",
        "agreed_by",
    ).get(pk=version.pk)


def _lines(text: str) -> list[str]:
    return [line.strip(" -•*\t") for line in text.splitlines() if line.strip(" -•*\t")]


def plan_context(version: PlanVersion, *, printed_by) -> dict:
    """Everything both versions print, read in a fixed handful of queries."""
    version = _version_for_print(version)
    plan = version.plan
    child = plan.case.child
    actions = list(version.actions.select_related("agency", "responsible"))
    contacts = list(version.contacts.select_related("agency", "person").order_by("agency__name"))
    coordinator = plan.coordinator
    return {
        "version": version,
        "plan": plan,
        "child": child,
        "show_address": not child.protected_identity,
        "agency_actions": [a for a in actions if a.kind == Action.Kind.AGENCY],
        "other_actions": [a for a in actions if a.kind != Action.Kind.AGENCY],
        "current_actions": [a for a in actions if a.status != Action.Status.CANCELLED],
        "contacts": contacts,
        "plan_kind": law.plan_kind(
            law.participating_agencies(
                plan.coordinator_agency,
                version.lead_agency,
                [a for a in actions if a.kind == Action.Kind.AGENCY],
                contacts,
            )
        ),
        "participants": list(plan.meeting.participants.select_related("user", "agency")),
        "child_goals": _lines(version.child_goals),
        "coordinator": coordinator,
        "coordinator_phone": coordinator.phone or plan.coordinator_agency.phone,
        "printed_by": printed_by,
        "printed_at": timezone.localtime(),
        "language_code": translation.get_language() or settings.LANGUAGE_CODE,
        "fonts_url": FONTS_DIR.as_uri(),
        "page_counter": page_counter_content(),
    }


PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


def render_plan_document(version: PlanVersion, *, printed_by, child_friendly=False) -> Document:
    """The plan version laid out in pages, printed by ``printed_by`` now."""
    context = plan_context(version, printed_by=printed_by)
    context["child_friendly"] = child_friendly
    template = "sip/pdf/child_friendly.html" if child_friendly else "sip/pdf/plan.html"
    fetcher = FontsOnlyFetcher(allowed_protocols={"file"})
    # One font configuration for the stylesheet and the layout, or the @font-face fonts are
    # silently replaced by system fonts.
    font_config = FontConfiguration()
    stylesheet = CSS(
        string=render_to_string("sip/pdf/plan.css", context),
        font_config=font_config,
        url_fetcher=fetcher,
    )
    html = HTML(
        string=render_to_string(template, context),
        base_url=FONTS_DIR.as_uri() + "/",
        url_fetcher=fetcher,
    )
    return html.render(font_config=font_config, stylesheets=[stylesheet], **PDF_OPTIONS)


def render_plan_pdf(version: PlanVersion, *, printed_by, child_friendly=False) -> bytes:
    """The plan version as the bytes of a tagged PDF (PDF/UA-1)."""
    document = render_plan_document(version, printed_by=printed_by, child_friendly=child_friendly)
    return document.write_pdf(**PDF_OPTIONS)
