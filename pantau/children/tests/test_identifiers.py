"""NIK rules (property-based), encryption, look-up and key rotation."""

from __future__ import annotations

import base64
import io
from datetime import date

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from pantau.children.identifiers import check_nik, identifier_hash, normalise
from pantau.lib.crypto import DecryptionError, blind_index, decrypt, encrypt, key_id_of

TODAY = date(2026, 6, 1)
# Real kecamatan codes (Kepmendagri 2025): Tigaraksa, Medan Sunggal, Menteng.
DISTRICTS = ["360303", "127102", "317101"]


def make_nik(district: str, born: date, sex: str, serial: int) -> str:
    day = born.day + (40 if sex == "P" else 0)
    return f"{district}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


births = st.dates(min_value=date(2008, 6, 2), max_value=date(2026, 5, 31))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(DISTRICTS), births, st.sampled_from(["L", "P"]), st.integers(1, 9999))
def test_a_consistent_nik_has_no_errors_and_no_warnings(
    district: str, born: date, sex: str, serial: int
) -> None:
    nik = make_nik(district, born, sex, serial)
    result = check_nik(nik, birth_date=born, precision="exact", sex=sex, today=TODAY)
    assert result.errors == [] and result.warnings == []


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(DISTRICTS), births, st.sampled_from(["L", "P"]), st.integers(1, 9999))
def test_sex_and_date_disagreements_are_warnings_not_errors(
    district: str, born: date, sex: str, serial: int
) -> None:
    nik = make_nik(district, born, sex, serial)
    other_sex = "P" if sex == "L" else "L"
    result = check_nik(nik, birth_date=born, precision="exact", sex=other_sex, today=TODAY)
    assert result.errors == [] and len(result.warnings) == 1
    # An estimated birth date is not compared: the NIK may well be the better source.
    shifted = date(born.year - 1 if born.year > 2009 else born.year + 1, born.month, min(born.day, 28))
    assert check_nik(nik, birth_date=shifted, precision="estimated", sex=sex, today=TODAY).warnings == []


@given(st.text(alphabet="0123456789", min_size=1, max_size=30).filter(lambda s: len(s) != 16))
def test_wrong_length_is_an_error(digits: str) -> None:
    assert check_nik(digits, birth_date=None, precision="unknown", sex="L", today=TODAY).errors


@pytest.mark.parametrize(
    ("nik", "fragment"),
    [
        ("36030341011500A1", "16 digits"),
        ("9903034101150001", "unknown province"),
        ("3603033202150001", "not a real date"),  # 32 February
        ("3603034101150000", "0000"),
    ],
)
def test_structural_errors(nik: str, fragment: str) -> None:
    from django.utils import translation

    with translation.override("en"):
        errors = check_nik(nik, birth_date=None, precision="unknown", sex="P", today=TODAY).errors
    assert any(fragment in e for e in errors), errors


def test_retired_region_code_is_only_a_warning() -> None:
    # 36.03.99 is not a kecamatan today: a NIK issued before a split still carries such codes.
    result = check_nik("3603994101150001", birth_date=None, precision="unknown", sex="P", today=TODAY)
    assert result.errors == [] and len(result.warnings) == 1


def test_normalise() -> None:
    assert normalise("nik", " 3603.0341-0115 0001 ") == "3603034101150001"
    assert normalise("birth_certificate", " al 123/ 2015 ") == "AL 123/ 2015"


def test_encryption_binds_the_field_and_detects_tampering() -> None:
    token = encrypt("3603034101150001", context="children.child.nik")
    assert "3603034101150001" not in token
    assert decrypt(token, context="children.child.nik") == "3603034101150001"
    with pytest.raises(DecryptionError):
        decrypt(token, context="children.child.kk")  # moved to another column
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(DecryptionError):
        decrypt(tampered, context="children.child.nik")
    # Same value, same hash (look-up); different field, different hash.
    assert identifier_hash("nik", "3603 0341 0115 0001") == identifier_hash("nik", "3603034101150001")
    assert blind_index("x", context="a") != blind_index("x", context="b")


@pytest.mark.django_db
def test_key_rotation(registry, settings) -> None:  # type: ignore[no-untyped-def]
    from pantau.children.identifiers import read_identifier
    from pantau.children.tests.test_admission import admit

    child = admit(registry, nik=make_nik("360303", date(2015, 1, 1), "P", 1)).child
    old = child.nik_cipher
    new_key = base64.b64encode(b"N" * 32).decode()
    settings.PANTAU_FIELD_KEYS = [("k2", base64.b64decode(new_key)), *settings.PANTAU_FIELD_KEYS]
    call_command("rotate_field_keys", stdout=io.StringIO())
    child.refresh_from_db()
    assert key_id_of(child.nik_cipher) == "k2" and child.nik_cipher != old
    settings.PANTAU_FIELD_KEYS = settings.PANTAU_FIELD_KEYS[:1]  # the old key is gone
    assert read_identifier(child, "nik") == "3603034101150001"
