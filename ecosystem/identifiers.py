"""French legal identifiers: SIREN and SIRET (Luhn checksum) and RNA association numbers.

Validators raise ``ValidationError`` with a message a person can act on; they accept the usual spacing
(``"732 829 320 00074"``) only through :func:`clean_digits`, which forms apply before validating.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

RNA = re.compile(r"^W\d{9}$")
# La Poste's SIRETs break the Luhn rule: INSEE validates them by the sum of their digits instead.
LA_POSTE_SIREN = "356000000"


def clean_digits(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2 == 1:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


def validate_siren(value: str) -> None:
    if not (len(value) == 9 and value.isdigit()):
        raise ValidationError(_("A SIREN number has exactly 9 digits."), code="siren_format")
    if not luhn_valid(value):
        raise ValidationError(
            _("This SIREN number is not valid (check digit). Please check it."), code="siren_key"
        )


def validate_siret(value: str) -> None:
    if not (len(value) == 14 and value.isdigit()):
        raise ValidationError(_("A SIRET number has exactly 14 digits."), code="siret_format")
    if value.startswith(LA_POSTE_SIREN) and value != LA_POSTE_SIREN + "00000":
        valid = sum(int(c) for c in value) % 5 == 0
    else:
        valid = luhn_valid(value)
    if not valid:
        raise ValidationError(
            _("This SIRET number is not valid (check digit). Please check it."), code="siret_key"
        )


def validate_rna(value: str) -> None:
    if not RNA.match(value or ""):
        raise ValidationError(
            _("An RNA number is a W followed by 9 digits, e.g. W802001234."), code="rna_format"
        )
