import pytest
from django.core.exceptions import ValidationError

from members.validators import comparable_name, luhn_is_valid, validate_commune, validate_rna, validate_siren


@pytest.mark.parametrize("value", ["200071116", "200 071 116", "732829320"])
def test_valid_siren_numbers_pass(value):
    validate_siren(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("20007111", "siren_format"),
        ("2000711160", "siren_format"),
        ("20007111A", "siren_format"),
        ("200071117", "siren_checksum"),
    ],
)
def test_invalid_siren_numbers_fail_with_a_reason(value, code):
    with pytest.raises(ValidationError) as error:
        validate_siren(value)
    assert error.value.code == code


def test_luhn():
    assert luhn_is_valid("732829320")
    assert not luhn_is_valid("732829321")


@pytest.mark.parametrize("value", ["W491000017", "w491000017", "W 491 000 017"])
def test_valid_rna(value):
    validate_rna(value)


@pytest.mark.parametrize("value", ["491000017", "W49100001", "W4910000170", "X491000017", "WABCDEFGHI"])
def test_invalid_rna(value):
    with pytest.raises(ValidationError):
        validate_rna(value)


def test_comparable_name_ignores_case_accents_and_dashes():
    assert comparable_name("Chemillé-en-Anjou") == comparable_name("CHEMILLE EN ANJOU")
    assert comparable_name("Saint-Barthélemy-d'Anjou") == comparable_name("St Barthelemy d Anjou")


@pytest.mark.django_db
def test_commune_code_must_exist_and_match_the_name(communes):
    assert validate_commune("49007", "angers").insee_code == "49007"
    assert validate_commune("49 092", "Chemille en Anjou").name == "Chemillé-en-Anjou"
    with pytest.raises(ValidationError) as error:
        validate_commune("49999", "Angers")
    assert error.value.code == "insee_unknown"
    with pytest.raises(ValidationError) as error:
        validate_commune("49099", "Angers")
    assert error.value.code == "insee_mismatch"
    with pytest.raises(ValidationError) as error:
        validate_commune("4900", "Angers")
    assert error.value.code == "insee_format"
