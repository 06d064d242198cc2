"""Identifiers normalised once: however a record writes a number, account, QRIS code, handle or person,
the key is the same; what is shown of it is masked."""

from __future__ import annotations

from datetime import date

import pytest

from pantau.lib.persons import nik_hash
from pantau.network import keys

pytestmark = pytest.mark.django_db  # the keyed hash reads the settings' key only


@pytest.mark.parametrize(
    "written",
    ["0812-3456-7890", "+62 812 3456 7890", "62812.3456.7890", "(0812) 3456 7890", "O812-3456-789O"],
)
def test_phones_in_any_usual_form_are_one_e164_key(written: str) -> None:
    key = keys.phone(written)
    assert key is not None
    assert (key.kind, key.key, key.label) == ("phone", "+6281234567890", "+6281•••••7890")


def test_what_is_no_phone_has_no_key() -> None:
    assert keys.phone("12345") is None
    assert keys.phone("") is None


@pytest.mark.parametrize(
    ("bank", "number"),
    [
        ("BCA", "701-233-4455"),
        ("Bank Central Asia (BCA)", "701 233 4455"),
        ("bca", "7012334455"),
        ("PT Bank BCA Tbk", "701.233.4455"),
        ("Bank Central Asia", "7012334455"),
    ],
)
def test_a_bank_account_is_its_bank_code_and_digits(bank: str, number: str) -> None:
    key = keys.bank(bank, number)
    assert key is not None
    assert (key.key, key.label) == ("014:7012334455", "BCA ••••••4455")


def test_a_bank_without_a_code_keeps_its_name_and_the_same_number_elsewhere_is_another_account() -> None:
    assert keys.bank("Bank Perkreditan Rakyat Sejahtera", "1234567890").key == (  # type: ignore[union-attr]
        "BANK PERKREDITAN RAKYAT SEJAHTERA:1234567890"
    )
    assert keys.bank("BRI", "1234567890").key != keys.bank("BNI", "1234567890").key  # type: ignore[union-attr]
    assert keys.bank("BRI", "123") is None  # too short to be an account


def test_qris_and_handles() -> None:
    qris = keys.qris("ID 1020 0123 45678")
    assert qris is not None and (qris.key, qris.label) == ("ID1020012345678", "QRIS ID•••••••••5678")
    assert keys.qris("1020012345678") is None
    for written in ("@Panti.Kasih", "https://www.tiktok.com/@panti.kasih/", "panti.kasih"):
        handle = keys.handle(written)
        assert handle is not None and (handle.key, handle.label) == ("panti.kasih", "@panti.kasih")
    assert keys.handle("@") is None


def test_a_person_is_keyed_by_nik_and_by_name_with_birth_date_never_by_name_alone() -> None:
    digest = nik_hash("3603125403790004")
    both = keys.persons(
        name="Hj. Ratna Sari Dewi, S.Pd.",
        name_key="ratna sari dewi",
        birth_date=date(1979, 3, 14),
        nik_hash=digest,
    )
    assert [(k.key, k.label) for k in both] == [
        (f"nik:{digest}", "R. S. D. (NIK)"),
        ("nb:ratna sari dewi|1979-03-14", "R. S. D., 1979"),
    ]
    assert (
        keys.persons(name="Ratna Sari Dewi", name_key="ratna sari dewi", birth_date=None, nik_hash="") == []
    )


def test_the_digest_is_keyed_and_differs_by_kind() -> None:
    phone = keys.phone("0812-3456-7890")
    assert phone is not None
    assert len(phone.digest) == 64 and "6281234567890" not in phone.digest
    assert phone.digest != keys.Key("handle", phone.key, "").digest
