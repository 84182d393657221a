"""Official identifiers of member structures: INSEE commune code, SIREN and RNA numbers."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SIREN_RE = re.compile(r"^\d{9}$")
RNA_RE = re.compile(r"^W\d{9}$")
INSEE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


def normalise_identifier(value):
    """Drop spaces, dots and dashes people type in numbers; upper-case letters."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


def luhn_is_valid(digits):
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2 == 1:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


def validate_siren(value):
    value = normalise_identifier(value)
    if not SIREN_RE.match(value):
        raise ValidationError(_("A SIREN number has 9 digits."), code="siren_format")
    if not luhn_is_valid(value):
        raise ValidationError(
            _("This SIREN number is not valid (check digit). Check for a typo."), code="siren_checksum"
        )


def validate_rna(value):
    value = normalise_identifier(value)
    if not RNA_RE.match(value):
        raise ValidationError(_("An RNA number is a W followed by 9 digits."), code="rna_format")


def comparable_name(name):
    """Case-, accent-, dash- and apostrophe-insensitive form of a commune's name."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = re.sub(r"\bst\b", "saint", re.sub(r"\bste\b", "sainte", re.sub(r"[^a-z0-9]+", " ", text)))
    return " ".join(text.split())


def validate_commune(insee_code, name):
    """The INSEE code exists in the reference data and matches the name. Returns the Commune."""
    # membership.py imports this module (validate_siren, validate_rna): imported here to break that cycle.
    from .membership import Commune

    code = normalise_identifier(insee_code)
    if not INSEE_RE.match(code):
        raise ValidationError(_("An INSEE code has 5 characters, such as 49007."), code="insee_format")
    commune = Commune.objects.filter(insee_code=code).first()
    if commune is None:
        raise ValidationError(_("No commune of the département has this INSEE code."), code="insee_unknown")
    if comparable_name(name) != comparable_name(commune.name):
        raise ValidationError(
            _("The INSEE code %(code)s is the code of %(name)s: check the name or the code."),
            code="insee_mismatch",
            params={"code": code, "name": commune.name},
        )
    return commune
