import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.cases.personal_numbers import luhn_check_digit, parse_personal_number

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.parametrize(
    "written",
    ["20150312-1236", "201503121236", "150312-1236", "1503121236", " 20150312 1236 "],
)
def test_valid_personnummer_in_every_common_form_is_stored_as_12_digits(written):
    number = parse_personal_number(written, today=TODAY)
    assert number.normalised == "201503121236"
    assert number.birth_date == datetime.date(2015, 3, 12)
    assert not number.is_coordination_number


def test_check_digit_is_the_luhn_digit():
    assert luhn_check_digit("150312123") == 6


def test_bad_check_digit_is_refused_in_swedish():
    with pytest.raises(ValidationError) as error:
        parse_personal_number("20150312-1239", today=TODAY)
    assert error.value.code == "check_digit"
    assert "Kontrollsiffran stämmer inte" in error.value.messages[0]


@pytest.mark.parametrize(
    ("written", "code", "says"),
    [
        ("20150230-1234", "day", "Dagen i personnumret (30) finns inte"),
        ("20150300-1234", "day", "Dagen i personnumret (00) finns inte"),
        ("20151312-1234", "month", "Månaden i personnumret (13) finns inte"),
        ("20150012-1234", "month", "Månaden i personnumret (00) finns inte"),
        ("20150392-1234", "day", "Dagen i samordningsnumret (92) finns inte"),
        ("20150290-1234", "day", "61–88"),
    ],
)
def test_impossible_date_is_refused_naming_the_part_that_is_wrong(written, code, says):
    """Month 00 and day 60 mean "unknown" only in a samordningsnummer; in a personnummer, and
    past the month's last day plus 60, they are refused."""
    with pytest.raises(ValidationError) as error:
        parse_personal_number(written, today=TODAY)
    assert error.value.code == code
    assert says in error.value.messages[0]


def test_future_date_is_refused():
    nine = "270101123"
    with pytest.raises(ValidationError) as error:
        parse_personal_number(f"2027010112{3}{luhn_check_digit(nine)}", today=TODAY)
    assert error.value.code == "future"


def test_samordningsnummer_has_day_plus_sixty():
    nine = "150372123"  # born 12 March 2015, day 12 + 60 = 72
    number = parse_personal_number(f"20150372-123{luhn_check_digit(nine)}", today=TODAY)
    assert number.is_coordination_number
    assert number.birth_date == datetime.date(2015, 3, 12)
    assert number.normalised == f"20150372123{luhn_check_digit(nine)}"


def test_ten_digits_take_the_most_recent_century_and_plus_means_a_hundred_years_more():
    assert parse_personal_number("1503121236", today=TODAY).birth_date.year == 2015
    nine = "991231123"
    written = f"991231123{luhn_check_digit(nine)}"
    assert parse_personal_number(written, today=TODAY).birth_date.year == 1999
    assert (
        parse_personal_number(written[:6] + "+" + written[6:], today=TODAY).birth_date.year == 1899
    )


@pytest.mark.parametrize(
    ("written", "code", "says"),
    [
        ("", "format", "Skriv personnumret med 10 eller 12 siffror"),
        (" \u200f ", "format", "Skriv personnumret med 10 eller 12 siffror"),
        ("abc", "characters", "Ett personnummer har bara siffror"),
        ("20150312/1236", "characters", "Ett personnummer har bara siffror"),
        ("2015-03-12", "length", "Du skrev 8 siffror"),
        ("12345", "length", "Du skrev 5 siffror"),
        ("2015031212367", "length", "Du skrev 13 siffror"),
        ("201503+12-1236", "separator", "Plustecknet ska stå före de fyra sista"),
        ("150312++1236", "separator", "Plustecknet ska stå före de fyra sista"),
        ("992026123456", "century", "Är det ett reservnummer från regionen?"),
        ("170312121236", "century", "börjar med 18, 19 eller 20"),
    ],
)
def test_each_kind_of_fault_has_its_own_message(written, code, says):
    """A clerk who typed a reserve number, one digit too many or a stray character is told
    which, not the generic "write it with 10 or 12 digits"."""
    with pytest.raises(ValidationError) as error:
        parse_personal_number(written, today=TODAY)
    assert error.value.code == code
    assert says in error.value.messages[0]


@pytest.mark.parametrize(
    "written",
    [
        "2015 03 12-1236",
        "2 0 1 5 0 3 1 2 1 2 3 6",
        "2015\u00a003\u00a012\u2013 1236",  # non-breaking spaces and an en dash
        "20150312\u20131236",  # en dash, Word's autocorrect
        "20150312\u20141236",  # em dash
        "20150312\u22121236",  # minus sign
        "20150312\u20111236",  # non-breaking hyphen
        "20150312\uff0d1236",  # full-width hyphen-minus
        "2015-03-12-1236",
        "\uff12\uff10\uff11\uff15\uff10\uff13\uff11\uff12-\uff11\uff12\uff13\uff16",
        "\u0662\u0660\u0661\u0665\u0660\u0663\u0661\u0662-\u0661\u0662\u0663\u0666",
        "\u200f\u06f1\u06f5\u06f0\u06f3\u06f1\u06f2\u200f-\u06f1\u06f2\u06f3\u06f6",
        "\u0968\u0966\u0967\u096b\u0966\u0969\u0967\u0968\u0967\u0968\u0969\u096c",
    ],
)
def test_any_script_any_dash_and_spaces_anywhere_store_the_same_ascii_digits(written):
    """Arabic-Indic, Persian, Devanagari and full-width digits, Word's dashes and spaces
    anywhere: one child, one stored number, in ASCII (stored as typed, it was a second child
    that the search never found)."""
    number = parse_personal_number(written, today=TODAY)
    assert number.normalised == "201503121236"
    assert number.normalised.isascii()
    assert number.birth_date == datetime.date(2015, 3, 12)


@pytest.mark.parametrize(
    ("eleven", "born"),
    [
        ("20150072123", datetime.date(2015, 1, 12)),
        ("20150360123", datetime.date(2015, 3, 1)),
        ("20150060123", datetime.date(2015, 1, 1)),
        ("20260060123", datetime.date(2026, 1, 1)),
    ],
)
def test_samordningsnummer_with_unknown_month_or_day_is_accepted(eleven, born):
    """Month 00 and day 60 are how Skatteverket writes a birth month or day it does not know,
    typically for a newly arrived child; the birth date is then the first day the number
    allows, which never refuses a child born this year as born in the future."""
    written = f"{eleven}{luhn_check_digit(eleven[2:])}"
    number = parse_personal_number(written, today=TODAY)
    assert number.normalised == written
    assert number.is_coordination_number
    assert not number.birth_date_known
    assert number.birth_date == born
