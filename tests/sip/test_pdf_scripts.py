"""The SIP prints every script the families write in (issue 11): Arabic, Tigrinya, Dari,
Somali, Ukrainian and Polish come out as letters, not as empty boxes (.notdef), and in the
project's own fonts, so the print does not depend on what the server happens to have
installed. A passage the user marks as written in a language is tagged with it."""

import io
import logging

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from fontTools.ttLib import woff2
from pypdf import PdfReader
from weasyprint.text.fonts import get_hb_object_data

from apps.sip.models import PlanVersion
from apps.sip.pdf import FONTS_DIR, PDF_OPTIONS, plan_context, render_plan_document
from tests.factories.sip import write
from tests.factories.sip_print import agreed_plan

pytestmark = pytest.mark.django_db

SAMPLES = {
    "arabic": "نريد أن تشعر ألفا بالأمان في المدرسة",
    "tigrinya": "ኣልቫ ኣብ ቤት ትምህርቲ ብሰላም ክትመሃር ንደሊ",
    "dari": "پدر و مادر گفتند که الوا را در مکتب کمک کنیم",
    "somali": "Waxaan rabnaa in Alva ay ku nabad qabto dugsiga",
    "ukrainian": "Ми хочемо, щоб Альва почувалася в безпеці: їжачок, ґанок, єдність",
    "polish": "Chcemy, żeby Alva czuła się bezpiecznie: źdźbło łąki, gęś",
}


def our_fonts() -> dict[bytes, str]:
    """Our font files as WeasyPrint hands them to the layout (WOFF2 decompressed the same
    way), so an embedded font can be traced back to its file."""
    fonts = {}
    for path in FONTS_DIR.glob("*.woff2"):
        out = io.BytesIO()
        woff2.decompress(io.BytesIO(path.read_bytes()), out)
        fonts[out.getvalue()] = path.name
    return fonts


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def version(school, bba, social_services, social_worker):
    return agreed_plan(school, bba, social_services, social_worker)


def test_six_scripts_print_as_letters_in_our_own_fonts(version, bba, caplog):
    # Unmarked, as a name or a quotation may be: the font stack alone must find the letters.
    version.child_view = "\n".join(SAMPLES.values())
    version.save()

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = render_plan_document(version, printed_by=bba)
        pdf = document.write_pdf(**PDF_OPTIONS)

    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]
    text = text_of(pdf)
    for language, sample in SAMPLES.items():
        assert sample in text, language

    ours = our_fonts()
    used = {ours.get(get_hb_object_data(font.hb_face)) for font in document.fonts.values()}
    assert None not in used, "a font from the system, not from static/fonts"
    assert {
        "noto-sans-400-normal.woff2",
        "noto-sans-arabic-400-normal.woff2",
        "noto-sans-ethiopic-400-normal.woff2",
    } <= used
    printed = ""
    for font in document.fonts.values():
        assert not font.missing, font.family
        assert 0 not in font.to_unicode, font.family
        printed += "".join(font.to_unicode.values())
    for language, sample in SAMPLES.items():
        assert set(sample.replace(" ", "")) <= set(printed), language

    embedded = {
        str(font["/BaseFont"]).split("+", 1)[1]
        for page in PdfReader(io.BytesIO(pdf)).pages
        for font in (ref.get_object() for ref in page["/Resources"]["/Font"].values())
    }
    assert embedded <= {
        "Atkinson-Hyperlegible",
        "Atkinson-Hyperlegible-Bold",
        "Noto-Sans",
        "Noto-Sans-Arabic",
        "Noto-Sans-Ethiopic",
    }


@pytest.mark.parametrize(
    ("language", "attributes"),
    [
        ("fa-AF", ' lang="fa-AF" dir="rtl"'),
        ("ar", ' lang="ar" dir="rtl"'),
        ("ti", ' lang="ti"'),
        ("", ""),
    ],
)
def test_the_views_are_printed_tagged_with_the_language_they_are_written_in(
    version, bba, language, attributes
):
    version.child_view = "Barnets ord"
    version.guardians_view = "Vårdnadshavarnas ord"
    version.views_language = language
    version.save()
    context = plan_context(version, printed_by=bba)

    html = render_to_string("sip/pdf/plan.html", context)
    assert f'<p class="text"{attributes}>Barnets ord</p>' in html
    assert f'<p class="text"{attributes}>Vårdnadshavarnas ord</p>' in html
    child_friendly = render_to_string("sip/pdf/child_friendly.html", context)
    assert f'<p class="text"{attributes}>Barnets ord</p>' in child_friendly


def test_the_coordinator_marks_the_language_and_history_keeps_it(
    school, bba, social_services, social_worker, client
):
    draft = agreed_plan(
        school, bba, social_services, social_worker, status=PlanVersion.Status.DRAFT
    )
    write(draft, social_worker, child_view=SAMPLES["tigrinya"], views_language="ti")

    draft.refresh_from_db()
    assert draft.views_language == "ti"
    assert draft.history.first().views_language == "ti"
    assert draft.history.first().history_user == social_worker

    client.force_login(social_worker)
    page = client.get(reverse("sip:version_detail", args=[draft.pk])).content.decode()
    assert f'<dd lang="ti">{SAMPLES["tigrinya"]}</dd>' in page
