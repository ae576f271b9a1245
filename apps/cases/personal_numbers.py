"""Swedish personal identity numbers (personnummer) and coordination numbers
(samordningsnummer): parsing, validation of date and check digit, and normalisation to the
12 digits we store (YYYYMMDDNNNC)."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_PATTERN = re.compile(
    r"^(?P<century>\d{2})?(?P<date>\d{6})(?P<sep>[-+]?)(?P<serial>\d{3})(?P<check>\d)$"
)
COORDINATION_DAY_OFFSET = 60


@dataclass(frozen=True)
class PersonalNumber:
    normalised: str
    birth_date: datetime.date
    is_coordination_number: bool

    def __str__(self):
        return format_personal_number(self.normalised)


def luhn_check_digit(nine_digits: str) -> int:
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def _century(yymmdd: str, separator: str, today: datetime.date) -> int:
    """Ten-digit numbers: the most recent century that puts the birth date in the past,
    or the one before when written with '+' (a person aged 100 or more)."""
    year = int(yymmdd[:2])
    century = today.year // 100 * 100
    if century + year > today.year:
        century -= 100
    if separator == "+":
        century -= 100
    return century // 100


def parse_personal_number(value: str, today: datetime.date | None = None) -> PersonalNumber:
    """Parse and validate; raises ValidationError with a message in plain Swedish."""
    today = today or timezone.localdate()
    compact = re.sub(r"\s", "", value or "")
    match = _PATTERN.match(compact)
    if not match:
        raise ValidationError(
            _("Skriv personnumret med 10 eller 12 siffror, till exempel 20150312-1234."),
            code="format",
        )
    yymmdd = match["date"]
    century = int(match["century"]) if match["century"] else _century(yymmdd, match["sep"], today)
    year, month, day = century * 100 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    is_coordination = day > COORDINATION_DAY_OFFSET
    if is_coordination:
        day -= COORDINATION_DAY_OFFSET
    try:
        birth_date = datetime.date(year, month, day)
    except ValueError as exc:
        raise ValidationError(
            _("Datumet i personnumret finns inte. Kontrollera år, månad och dag."), code="date"
        ) from exc
    if birth_date > today:
        raise ValidationError(_("Datumet i personnumret ligger i framtiden."), code="future")
    if luhn_check_digit(yymmdd + match["serial"]) != int(match["check"]):
        raise ValidationError(
            _("Kontrollsiffran stämmer inte. Kontrollera att personnumret är rätt skrivet."),
            code="check_digit",
        )
    return PersonalNumber(
        normalised=f"{century:02d}{yymmdd}{match['serial']}{match['check']}",
        birth_date=birth_date,
        is_coordination_number=is_coordination,
    )


def format_personal_number(normalised: str) -> str:
    """20150312XXXX → 20150312-XXXX, the way people read and write it."""
    return f"{normalised[:8]}-{normalised[8:]}" if normalised else ""
