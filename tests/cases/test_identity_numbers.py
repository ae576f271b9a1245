"""One child, one record: the same child typed in another script, with spaces or an en dash,
or known by a region's reserve number, is found as the child the unit already has, by the
concern form and by the child search."""

from datetime import date

import pytest
from django.urls import reverse

from apps.cases.models import Child, Concern
from tests.cases.test_concerns import PNR, concern_data
from tests.factories.cases import CaseFactory, ChildFactory

pytestmark = pytest.mark.django_db

FULL_WIDTH = "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in PNR)
ARABIC_INDIC = "\u200f" + "".join(chr(0x660 + int(c)) if c.isdigit() else c for c in PNR)
STOCKHOLM = "992026123456"


def log(client, **overrides):
    return client.post(reverse("cases:concern_create"), concern_data(**overrides))


def search(client, typed):
    return client.post(reverse("cases:child_search"), {"personal_number": typed})


def test_the_form_accepts_a_number_with_spaces_and_an_en_dash(client, school, reporter):
    """The 13-character limit used to refuse this before the parser, which strips spaces,
    ever saw it; Word's en dash got the generic error."""
    client.force_login(reporter)
    assert log(client, personal_number="2015 03 12\u20131236").status_code == 302
    assert Child.objects.get().personal_number == "201503121236"


@pytest.mark.parametrize("typed", [FULL_WIDTH, ARABIC_INDIC])
def test_the_same_child_in_other_digits_joins_the_record_the_unit_has(
    client, school, reporter, typed
):
    client.force_login(reporter)
    log(client)
    assert log(client, personal_number=typed).status_code == 302
    child = Child.objects.get()
    assert child.personal_number == "201503121236"
    assert Concern.objects.filter(case__child=child).count() == 2


@pytest.mark.parametrize("typed", [FULL_WIDTH, ARABIC_INDIC, "2015 03 12 \u2013 1236"])
def test_the_search_finds_the_child_however_the_number_is_typed(client, school, bba, typed):
    child = CaseFactory(child__agency=school, child__personal_number="201503121236").child
    client.force_login(bba)
    assert search(client, typed).context["children"] == [child]


def test_a_region_reserve_number_is_recorded_with_its_region_and_history(client, school, reporter):
    client.force_login(reporter)
    response = log(
        client,
        personal_number="",
        birth_date="2015-03-12",
        region_reserve_number="99 2026-123456",
        reserve_number_region="01",
    )
    assert response.status_code == 302
    child = Child.objects.get()
    assert (child.region_reserve_number, child.reserve_number_region) == (STOCKHOLM, "01")
    assert child.personal_number is None
    assert child.reserve_number == ""  # no reserve number of ours beside the region's
    assert child.identity_number == f"{STOCKHOLM} (Region Stockholm)"
    assert child.history.get().region_reserve_number == STOCKHOLM


def test_the_same_region_reserve_number_finds_the_same_child(client, school, reporter):
    client.force_login(reporter)
    fields = {"personal_number": "", "birth_date": "2015-03-12", "reserve_number_region": "12"}
    log(client, region_reserve_number="20150312-AB1C", **fields)
    log(client, region_reserve_number="20150312 ab1c", **fields)
    assert Child.objects.get().region_reserve_number == "20150312AB1C"
    assert Concern.objects.count() == 2
    log(client, region_reserve_number="20150312-AB1C", **{**fields, "reserve_number_region": "01"})
    assert Child.objects.count() == 2  # the same text from another region is another child


def test_the_search_finds_region_and_own_reserve_numbers_for_those_who_may_see_them(
    client, school, bba, other_bba
):
    region = ChildFactory(
        agency=school,
        personal_number="",
        region_reserve_number=STOCKHOLM,
        reserve_number_region="01",
    )
    own = ChildFactory(agency=school, personal_number="")
    for child in (region, own):
        CaseFactory(child=child)
    client.force_login(bba)
    assert search(client, "99 2026 123456").context["children"] == [region]
    assert search(client, own.reserve_number.lower().replace("-", " ")).context["children"] == [own]
    page = search(client, STOCKHOLM).content.decode()
    assert f"{STOCKHOLM} (Region Stockholm)" in page
    client.force_login(other_bba)
    assert search(client, STOCKHOLM).context["children"] == []


def test_a_mistyped_personnummer_that_finds_nothing_says_what_is_wrong(client, school, bba):
    client.force_login(bba)
    page = search(client, "20150312-1239").content.decode()
    assert "Inget barn som du har tillgång till har det numret." in page
    assert "Kontrollsiffran stämmer inte." in page


def test_a_region_reserve_number_needs_its_region_and_markup_is_refused_and_kept_escaped(
    client, school, reporter
):
    client.force_login(reporter)
    fields = {"personal_number": "", "birth_date": "2015-03-12"}
    page = log(client, region_reserve_number=STOCKHOLM, **fields).content.decode()
    assert "Välj vilken region som gav reservnumret." in page
    typed = "<b>99</b>"
    page = log(
        client, region_reserve_number=typed, reserve_number_region="01", **fields
    ).content.decode()
    assert "Ett reservnummer har bara bokstäver och siffror" in page
    assert "&lt;b&gt;99&lt;/b&gt;" in page
    assert typed not in page
    assert not Child.objects.exists()


def test_a_samordningsnummer_with_unknown_month_is_recorded_and_shown_as_such(
    client, school, reporter, bba
):
    """Skatteverket's test samordningsnummer 191500722390 has month 00; a newly arrived
    child's may too. Its birth date is the first the number allows, never shown as the
    birthday."""
    client.force_login(reporter)
    assert log(client, personal_number="20260072-1233").status_code == 302
    child = Child.objects.get()
    assert child.is_coordination_number
    assert child.birth_date == date(2026, 1, 12)
    client.force_login(bba)
    page = client.get(reverse("cases:child_edit", args=[child.pk])).content.decode()
    assert "20260072-1233 (samordningsnummer), född 2026, exakt datum okänt" in page
