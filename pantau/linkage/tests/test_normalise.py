from datetime import date

import pytest

from pantau.linkage.normalise import (
    clean_nik,
    clean_sex,
    is_placeholder_date,
    name_key,
    parse_birth_date,
    place_key,
)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        # Muhammad and its abbreviations are one word
        ("Muhammad Rizki", "muhamad rizki"),
        ("MUHAMAD RIZKY", "muhamad rizki"),
        ("Moch. Rizqi", "muhamad rizki"),
        ("M. Rizki", "muhamad rizki"),
        ("Mhd Rizki", "muhamad rizki"),
        ("Moehammad Rizki", "muhamad rizki"),
        ("Mochammad  Rizki", "muhamad rizki"),
        # old spellings (Van Ophuijsen, Soewandi)
        ("Soekarno", "sukarno"),
        ("Djoko Soesilo", "joko susilo"),
        ("Tjahjo", "cahyo"),
        ("Soejono", "suyono"),  # old j is y, when the word is in old spelling
        ("Joko", "joko"),  # ...and only then: Joko and Yoko are different names
        ("Yoko", "yoko"),
        ("Sjamsoel", "syamsul"),
        ("Njoman", "nyoman"),
        # ch / kh / h, and other transliterations
        ("Chadidjah", "hadija"),
        ("Khadijah", "hadija"),
        ("Hadijah", "hadija"),
        ("Achmad Fauzi", "ahmad fauzi"),
        ("Ramadhan", "ramadan"),
        ("Luthfi", "lutfi"),
        # titles, degrees, bin/binti, repeated letters, spacing and case
        ("H. Ahmad Fauzi, S.Pd.", "ahmad fauzi"),
        ("Raden Ajeng Kartini", "ajeng kartini"),
        ("Cut Nyak Dhien", "nyak dien"),
        ("An. Budi", "budi"),
        ("Siti Aminah binti Slamet", "siti amina"),
        ("Dimas bin Luqman Hakim", "dimas"),
        ("Nurrul  Hidayah", "nur hidaya"),
        ("Annisa", "anisa"),
        ("  siti   AISYAH ", "siti aisya"),
        ("Ma'ruf", "maruf"),
        ("José", "jose"),
        # mononyms are names, not missing data; a title alone stays
        ("Sutrisno", "sutrisno"),
        ("Bin", "bin"),
        ("Haji", "haji"),
        # Balinese titles are also given names: kept
        ("Ida Ayu Lestari", "ida ayu lestari"),
        ("", ""),
    ],
)
def test_names(written: str, key: str) -> None:
    assert name_key(written) == key


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Kab. Bandung", "bandung"),
        ("KABUPATEN BANDUNG", "bandung"),
        ("Kota Bandung", "bandung"),
        ("Bdg", "bandung"),
        ("Jakarta Selatan", "jakarta"),
        ("DKI Jakarta", "jakarta"),
        ("Jkt", "jakarta"),
        ("Djokjakarta", "yogyakarta"),
        ("Jogja", "yogyakarta"),
        ("Kab Lombok Timur", "lombok timur"),
        ("Sby", "surabaya"),
        ("", ""),
    ],
)
def test_places(written: str, key: str) -> None:
    assert place_key(written) == key


@pytest.mark.parametrize(
    ("written", "nik", "problem"),
    [
        ("3201011205000001", "3201011205000001", ""),
        ("3201-0112-0500-0001", "3201011205000001", ""),
        ("3201 0112 0500 0001", "3201011205000001", ""),
        ("32O1011205000001", "", "letters"),
        ("0000000000000000", "", "zeros"),
        ("320101120500", "320101120500", "length"),
        ("", "", ""),
    ],
)
def test_nik(written: str, nik: str, problem: str) -> None:
    assert clean_nik(written) == (nik, problem)


@pytest.mark.parametrize(
    ("written", "value", "problem"),
    [
        ("2015-02-28", date(2015, 2, 28), ""),
        ("28-02-2015", date(2015, 2, 28), ""),
        ("28/02/2015", date(2015, 2, 28), ""),
        ("31-02-2015", None, "impossible"),
        ("2015-13-01", None, "impossible"),
        ("next year", None, "format"),
        ("2031-01-01", None, "future"),
        ("", None, ""),
    ],
)
def test_birth_dates(written: str, value: date | None, problem: str) -> None:
    assert parse_birth_date(written, today=date(2026, 11, 28)) == (value, problem)


def test_placeholder_dates_and_sex() -> None:
    assert is_placeholder_date(date(2015, 1, 1)) and is_placeholder_date(date(2015, 7, 1))
    assert not is_placeholder_date(date(2015, 1, 2)) and not is_placeholder_date(None)
    assert (
        clean_sex("l") == ("L", "")
        and clean_sex("Perempuan") == ("P", "")
        and clean_sex("x") == ("", "unknown")
    )
