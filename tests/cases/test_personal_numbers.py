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


@pytest.mark.parametrize("written", ["20150230-1234", "20151312-1234", "20150300-1234"])
def test_impossible_date_is_refused(written):
    with pytest.raises(ValidationError) as error:
        parse_personal_number(written, today=TODAY)
    assert error.value.code == "date"


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


@pytest.mark.parametrize("written", ["", "abc", "2015-03-12", "12345"])
def test_wrong_format_explains_how_to_write_it(written):
    with pytest.raises(ValidationError) as error:
        parse_personal_number(written, today=TODAY)
    assert error.value.code == "format"


@pytest.mark.django_db
def test_a_child_registered_with_a_samordningsnummer_shows_it_as_one():
    from tests.factories.cases import ChildFactory

    nine = "150372123"
    child = ChildFactory(personal_number=f"20150372123{luhn_check_digit(nine)}")
    assert child.is_coordination_number
    assert child.birth_date == datetime.date(2015, 3, 12)
    assert not ChildFactory().is_coordination_number
