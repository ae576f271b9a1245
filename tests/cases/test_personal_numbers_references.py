"""Our personal numbers checked against references the project did not write: Skatteverket's
published test numbers and python-stdnum's test vectors, and a property test over every way a
valid number may be typed.

Where we deliberately disagree with python-stdnum, the test says so and why we are right.
"""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.se import personnummer as stdnum_personnummer

from apps.cases.personal_numbers import luhn_check_digit, parse_personal_number

TODAY = datetime.date(2026, 11, 29)


def _parses(written, today=TODAY) -> bool:
    try:
        parse_personal_number(written, today=today)
    except ValidationError:
        return False
    return True


# Skatteverket, open data (CC0 1.0): "Testpersonnummer" and "Testsamordningsnummer",
# published at skatteverket.entryscape.net and listed on dataportal.se. A sample of each file:
# personnummer of the 2019 series (children) and of the 1903-04 series (over 100, written
# with + in ten digits); samordningsnummer of the 2026 file (day 61-91) and of the 1914-2019
# file, which holds the unknown month (00) and unknown day (60) that newly arrived children
# are given.
SKATTEVERKET_PERSONNUMMER = {
    "201901012391": datetime.date(2019, 1, 1),
    "201901192391": datetime.date(2019, 1, 19),
    "201902062395": datetime.date(2019, 2, 6),
    "201902242393": datetime.date(2019, 2, 24),
    "201903142394": datetime.date(2019, 3, 14),
    "201903312385": datetime.date(2019, 3, 31),
    "201904182381": datetime.date(2019, 4, 18),
    "201905062384": datetime.date(2019, 5, 6),
    "201905242382": datetime.date(2019, 5, 24),
    "201906112386": datetime.date(2019, 6, 11),
    "190308189802": datetime.date(1903, 8, 18),
    "190312049802": datetime.date(1903, 12, 4),
    "190401149810": datetime.date(1904, 1, 14),
}
SKATTEVERKET_SAMORDNINGSNUMMER = {
    # number: (birth date as we store it, whether the date is known in full)
    "202601612381": (datetime.date(2026, 1, 1), True),
    "202601622380": (datetime.date(2026, 1, 2), True),
    "202601912393": (datetime.date(2026, 1, 31), True),
    "191611882398": (datetime.date(1916, 11, 28), True),
    "191911612388": (datetime.date(1919, 11, 1), True),
    "192112792383": (datetime.date(1921, 12, 19), True),
    "191500722390": (datetime.date(1915, 1, 12), False),  # month 00
    "191800852384": (datetime.date(1918, 1, 25), False),  # month 00
    "191711602399": (datetime.date(1917, 11, 1), False),  # day 60
    "192001602396": (datetime.date(1920, 1, 1), False),  # day 60
    "198000602394": (datetime.date(1980, 1, 1), False),  # month 00 and day 60
}


@pytest.mark.parametrize(("number", "born"), SKATTEVERKET_PERSONNUMMER.items())
def test_skatteverkets_test_personnummer_are_accepted_in_12_and_10_digits(number, born):
    short = number[2:8] + ("+" if TODAY.year - born.year >= 100 else "-") + number[8:]
    for written in (number, f"{number[:8]}-{number[8:]}", short):
        parsed = parse_personal_number(written, today=TODAY)
        assert (parsed.normalised, parsed.birth_date) == (number, born)
        assert not parsed.is_coordination_number


@pytest.mark.parametrize(("number", "expected"), SKATTEVERKET_SAMORDNINGSNUMMER.items())
def test_skatteverkets_test_samordningsnummer_are_accepted(number, expected):
    """Before, all with month 00 or day 60 were refused: a newly arrived child could not be
    recorded by the number Skatteverket gave it."""
    born, known = expected
    parsed = parse_personal_number(number, today=TODAY)
    assert parsed.is_coordination_number
    assert (parsed.normalised, parsed.birth_date, parsed.birth_date_known) == (number, born, known)


# python-stdnum's own test vectors for se.personnummer (tests/test_se_personnummer.doctest and
# the module's doctests): valid numbers found online, the century rules, and invalid ones.
STDNUM_VALID = [
    "670919-9530",
    "811228-9874",
    "880320-0016",
    "880320-0057",
    "8803200073",
    "8803200099",
    "8803200115",
    "8803200131",
    "8803200156",
    "8803200172",
    "8803200198",
    "8803200420",
    "890102-3286",
    "811228-9841",
    "191705120424",
    "121212-1212",
    "121212+1212",
    "400606+5827",
]
STDNUM_INVALID = ["880320-0018", "8899200425", "a" * 10, "a" * 11]


@pytest.mark.parametrize("written", STDNUM_VALID + STDNUM_INVALID)
def test_we_agree_with_stdnum_on_its_test_vectors(written):
    """Same verdict and, when valid, the same birth date and the same digits (stdnum keeps the
    ten-digit form; we store the century in front)."""
    valid = stdnum_personnummer.is_valid(written)
    assert _parses(written, today=datetime.date.today()) == valid
    if valid:
        ours = parse_personal_number(written, today=datetime.date.today())
        assert ours.birth_date == stdnum_personnummer.get_birth_date(written)
        stdnum_digits = re.sub(r"\D", "", stdnum_personnummer.compact(written))
        assert ours.normalised[-10:] == stdnum_digits[-10:]


@pytest.mark.parametrize("number", list(SKATTEVERKET_PERSONNUMMER))
def test_we_agree_with_stdnum_on_skatteverkets_personnummer(number):
    assert stdnum_personnummer.is_valid(number)
    assert _parses(number, today=datetime.date.today())


# Where we disagree with python-stdnum, deliberately.


@pytest.mark.parametrize("number", list(SKATTEVERKET_SAMORDNINGSNUMMER))
def test_disagreement_stdnum_refuses_every_samordningsnummer(number):
    """stdnum.se.personnummer reads the day as written, so day 61-91 is no date to it; it
    handles personnummer only. Skatteverket (SKV 707, folkbokföringslagen 18 a §) builds a
    samordningsnummer like a personnummer with 60 added to the day, and handles it by the same
    principles: a child in the register may have one, so we accept it."""
    assert not stdnum_personnummer.is_valid(number)
    assert _parses(number)


def test_we_agree_with_stdnum_that_full_width_digits_are_the_ascii_ones():
    full_width = "\uff12\uff10\uff11\uff15\uff10\uff13\uff11\uff12\uff11\uff12\uff13\uff16"
    assert stdnum_personnummer.compact(full_width) == "20150312-1236"
    assert parse_personal_number(full_width, today=TODAY).normalised == "201503121236"


def test_disagreement_stdnum_refuses_arabic_indic_digits_we_read_them_as_the_same_number():
    """stdnum maps full-width digits to ASCII but no other script's. A number typed in
    Arabic-Indic, Persian or Devanagari digits (a phone or keyboard set to Arabic, Dari or
    Hindi, a number copied from a letter) is the same number: refusing it only makes the
    clerk retype it, and before this it was stored as typed, a second record of the same
    child that the search never found. We store ASCII digits."""
    for zero in (0x660, 0x6F0, 0x966):
        written = "".join(chr(zero + int(c)) if c.isdigit() else c for c in "20150312-1236")
        assert not stdnum_personnummer.is_valid(written)
        assert parse_personal_number(written, today=TODAY).normalised == "201503121236"


def test_disagreement_stdnum_accepts_a_birth_date_in_the_future():
    """stdnum checks that the date exists, not that it has come. A child we register has been
    born; a future date is a typing error, said as such."""
    eleven = "20301231123"
    written = f"{eleven}{luhn_check_digit(eleven[2:])}"
    assert stdnum_personnummer.is_valid(written)
    with pytest.raises(ValidationError) as error:
        parse_personal_number(written, today=TODAY)
    assert error.value.code == "future"


@pytest.mark.parametrize("eleven", ["17991231123", "99200312345"])
def test_disagreement_stdnum_accepts_any_century(eleven):
    """Skatteverket gives the century of a 12-digit number as 18, 19 or 20 (SKV 707); twelve
    digits starting with 99 are Region Stockholm's reserve number, which stdnum takes for a
    personnummer of the year 99xx when the digits happen to make a date. We refuse, and say
    it may be a reserve number."""
    written = f"{eleven}{luhn_check_digit(eleven[2:])}"
    assert stdnum_personnummer.is_valid(written)
    with pytest.raises(ValidationError) as error:
        parse_personal_number(written, today=TODAY)
    assert error.value.code == "century"


def test_disagreement_stdnum_drops_a_plus_or_a_colon_anywhere():
    """stdnum strips ':' and any '+' before the last five characters. A '+' says the bearer is
    100 or older, which means something only in its place before the last four digits; a
    colon is in no written form of a personnummer. We refuse both and say why."""
    for written, code in (("88+0320-0016", "separator"), ("880320:0016", "characters")):
        assert stdnum_personnummer.is_valid(written)
        with pytest.raises(ValidationError) as error:
            parse_personal_number(written, today=TODAY)
        assert error.value.code == code


# Every way a valid number may be typed normalises to the same stored value.

ZEROS = [0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0xFF10, 0x1D7CE]  # Unicode decimal digit 0s
DASHES = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\ufe63", "\uff0d"]
PLUSES = ["+", "\uff0b"]
SPACES = [" ", "\u00a0", "\t", "\u2009", "\u202f", "\u3000", "\u200f", "\u200e"]


@st.composite
def typed_numbers(draw):
    """(what someone types, what we must store) for a valid number of a child or adult."""
    born = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY))
    serial = draw(st.integers(min_value=1, max_value=999))
    coordination = draw(st.sampled_from(["no", "day", "unknown month", "unknown day", "both"]))
    month, day = born.month, born.day
    if coordination != "no":
        day += 60
    if coordination in ("unknown month", "both"):
        month = 0
    if coordination in ("unknown day", "both"):
        day = 60
    nine = f"{born:%y}{month:02d}{day:02d}{serial:03d}"
    stored = f"{born:%Y}{nine[2:]}{luhn_check_digit(nine)}"
    old = TODAY.year - born.year >= 100
    if draw(st.booleans()):
        ascii_form = stored[:8] + draw(st.sampled_from(["", *DASHES])) + stored[8:]
    elif old:
        ascii_form = stored[2:8] + draw(st.sampled_from(PLUSES)) + stored[8:]
    else:
        ascii_form = stored[2:8] + draw(st.sampled_from(["", *DASHES])) + stored[8:]
    chars = []
    for char in ascii_form:
        if char.isdigit():
            char = chr(draw(st.sampled_from(ZEROS)) + int(char))
        chars.append(char)
        chars.extend(draw(st.lists(st.sampled_from(SPACES), max_size=2)))
    return "".join(draw(st.lists(st.sampled_from(SPACES), max_size=2))) + "".join(chars), stored


@given(typed_numbers())
def test_any_valid_number_typed_in_any_accepted_form_is_stored_the_same(typed_and_stored):
    typed, stored = typed_and_stored
    assert parse_personal_number(typed, today=TODAY).normalised == stored
