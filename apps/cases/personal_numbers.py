"""Swedish personal identity numbers (personnummer) and coordination numbers
(samordningsnummer): parsing, validation of date and check digit, and normalisation to the
12 ASCII digits we store (YYYYMMDDNNNC); and the regions' own reserve numbers (reservnummer),
which have no common format and are only normalised.

What people type is first made plain ASCII (``normalise_typing``): a number pasted from a
letter in Arabic, typed on a full-width keyboard layout or auto-corrected by Word is the same
number, and must be stored and found as the same 12 digits, never as a second child.
"""

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

COORDINATION_DAY_OFFSET = 60
# Skatteverket stores the century of a 12-digit number as 18, 19 or 20 (SKV 707); anything
# else typed there is not a personnummer (Region Stockholm's reserve numbers start with 99).
CENTURIES = (18, 19, 20)
# Dashes that are not in Unicode's dash punctuation category (Pd) but are typed as one.
MINUS_SIGNS = {"\u2212", "\u02d7", "\u2796"}
PLUS_SIGNS = {"+", "\uff0b", "\ufe62", "\u2795"}
RESERVE_NUMBER_MAX_LENGTH = 20
_RESERVE_NUMBER = re.compile(r"^[0-9A-ZÅÄÖ]+$")


@dataclass(frozen=True)
class PersonalNumber:
    normalised: str
    birth_date: datetime.date
    is_coordination_number: bool
    # False for a samordningsnummer with month 00 or day 60: ``birth_date`` is then the first
    # day the number allows, the only choice that never puts a real birth in the future.
    birth_date_known: bool = True

    def __str__(self):
        return format_personal_number(self.normalised)


def luhn_check_digit(nine_digits: str) -> int:
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def normalise_typing(value: str) -> str:
    """The typed value in ASCII: every Unicode decimal digit (Arabic-Indic, full-width, ...)
    as its ASCII digit, every dash and minus sign as ``-``, every plus sign as ``+``; white
    space and invisible format characters (such as the direction marks that come along with
    Arabic digits) dropped. Anything else is kept, for the validation to name."""
    chars = []
    for char in value or "":
        if char.isdecimal():
            chars.append(str(unicodedata.decimal(char)))
        elif char in PLUS_SIGNS:
            chars.append("+")
        elif unicodedata.category(char) == "Pd" or char in MINUS_SIGNS:
            chars.append("-")
        elif not (char.isspace() or unicodedata.category(char) == "Cf"):
            chars.append(char)
    return "".join(chars)


def _century(yy: int, separator: str, today: datetime.date) -> int:
    """Ten-digit numbers: the most recent century that puts the birth year in the past,
    or the one before when written with '+' (a person who is 100 or turns 100 this year,
    folkbokföringslagen 18 §)."""
    century = today.year // 100 * 100
    if century + yy > today.year:
        century -= 100
    if separator == "+":
        century -= 100
    return century // 100


def _refuse(message, code, **params):
    raise ValidationError(message, code=code, params=params or None)


def _digits_and_separator(typed: str) -> tuple[str, str]:
    """The digits, and ``+`` when the number says its bearer is 100 or older. A ``-`` may
    stand anywhere between the digits (20150312-1236, 2015-03-12-1236) and says nothing
    more; a ``+`` stands only before the last four."""
    if not typed:
        _refuse(
            _("Skriv personnumret med 10 eller 12 siffror, till exempel 20150312-1234."), "format"
        )
    if re.search(r"[^0-9+-]", typed):
        _refuse(
            _(
                "Ett personnummer har bara siffror, och ett bindestreck eller plustecken före "
                "de fyra sista. Är det ett reservnummer? Skriv det då som reservnummer."
            ),
            "characters",
        )
    pluses = typed.count("+")
    compact = typed.replace("-", "")
    if pluses > 1 or (pluses and compact.index("+") != len(compact) - 5):
        _refuse(
            _("Plustecknet ska stå före de fyra sista siffrorna, till exempel 150312+1236."),
            "separator",
        )
    digits = compact.replace("+", "")
    if len(digits) not in (10, 12):
        _refuse(
            _("Ett personnummer har 10 eller 12 siffror. Du skrev %(count)s siffror."),
            "length",
            count=len(digits),
        )
    return digits, "+" if pluses else "-"


def parse_personal_number(value: str, today: datetime.date | None = None) -> PersonalNumber:
    """Parse and validate; raises ValidationError with a message in plain Swedish that says
    which part is wrong (its ``code``: format, characters, separator, length, century, month,
    day, future, check_digit)."""
    today = today or timezone.localdate()
    digits, separator = _digits_and_separator(normalise_typing(value))
    if len(digits) == 12:
        century, digits = int(digits[:2]), digits[2:]
        if century not in CENTURIES:
            _refuse(
                _(
                    "Ett personnummer med 12 siffror börjar med 18, 19 eller 20. Är det ett "
                    "reservnummer från regionen? Skriv det då som reservnummer."
                ),
                "century",
            )
    else:
        century = _century(int(digits[:2]), separator, today)
    year, month, day = century * 100 + int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    is_coordination = day >= COORDINATION_DAY_OFFSET
    if is_coordination:
        day -= COORDINATION_DAY_OFFSET
    if month > 12 or (month == 0 and not is_coordination):
        _refuse(
            _(
                "Månaden i personnumret (%(month)02d) finns inte. Den ska vara 01–12, eller 00 "
                "i ett samordningsnummer där födelsemånaden är okänd."
            ),
            "month",
            month=month,
        )
    last_day = calendar.monthrange(year, month)[1] if month else 31
    if is_coordination and day > last_day:
        _refuse(
            _(
                "Dagen i samordningsnumret (%(day)s) finns inte. I ett samordningsnummer är "
                "dagen födelsedagen plus 60, alltså 61–%(last)s den månaden, eller 60 när "
                "födelsedagen är okänd."
            ),
            "day",
            day=int(digits[4:6]),
            last=last_day + COORDINATION_DAY_OFFSET,
        )
    if not is_coordination and not 1 <= day <= last_day:
        _refuse(
            _("Dagen i personnumret (%(day)02d) finns inte i den månaden. Kontrollera datumet."),
            "day",
            day=day,
        )
    birth_date = datetime.date(year, month or 1, day or 1)
    if birth_date > today:
        _refuse(_("Datumet i personnumret ligger i framtiden."), "future")
    if luhn_check_digit(digits[:9]) != int(digits[9]):
        _refuse(
            _("Kontrollsiffran stämmer inte. Kontrollera att personnumret är rätt skrivet."),
            "check_digit",
        )
    normalised = f"{century:02d}{digits}"
    return PersonalNumber(
        normalised=normalised,
        birth_date=birth_date,
        is_coordination_number=is_coordination,
        birth_date_known=birth_date_known(normalised),
    )


def birth_date_known(normalised: str) -> bool:
    """False for a samordningsnummer with month 00 or day 60: Skatteverket did not know the
    birth month or day."""
    return normalised[4:6] != "00" and normalised[6:8] != f"{COORDINATION_DAY_OFFSET}"


def format_personal_number(normalised: str) -> str:
    """20150312XXXX → 20150312-XXXX, the way people read and write it."""
    return f"{normalised[:8]}-{normalised[8:]}" if normalised else ""


def normalise_reserve_number(value: str) -> str:
    """A reserve number as we store and search it: ASCII digits, capital letters, no spaces
    and no dashes, as Inera's national reserve identity format stores it (``XXYYMMDDNNGC``).
    The regions' formats differ (Region Stockholm's 12 digits starting with 99, Region
    Skåne's date and four characters with a letter), so nothing else is checked."""
    compact = normalise_typing(value).replace("-", "").upper()
    if not compact:
        _refuse(_("Skriv reservnumret."), "reserve_empty")
    if not _RESERVE_NUMBER.match(compact):
        _refuse(
            _("Ett reservnummer har bara bokstäver och siffror (och kanske bindestreck)."),
            "reserve_characters",
        )
    if len(compact) > RESERVE_NUMBER_MAX_LENGTH:
        _refuse(
            _("Ett reservnummer har högst %(max)s bokstäver och siffror."),
            "reserve_length",
            max=RESERVE_NUMBER_MAX_LENGTH,
        )
    return compact
