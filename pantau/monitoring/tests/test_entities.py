"""Identifier extraction: phones to E.164 (obfuscated too), bank accounts with holders, e-wallets,
handles, fundraising links, permits and prices."""

import pytest

from pantau.monitoring.screening.entities import e164, extract

PHONES = [
    ("0812-3456-7890", "+6281234567890"),
    ("+62 812 3456 7890", "+6281234567890"),
    ("62812.3456.7890", "+6281234567890"),
    ("O812-3456-789O", "+6281234567890"),  # letter O for zero
    ("o8l2 3456 7890", "+6281234567890"),  # o and l
    ("0812 3456 789nol", "+6281234567890"),  # zero spelled out
    ("(021) 7654321", "+62217654321"),  # a Jakarta landline
    ("0812 34", None),  # too short
    ("1234567890123", None),  # not an Indonesian number
]


@pytest.mark.parametrize(("raw", "expected"), PHONES)
def test_phone_numbers_become_e164(raw: str, expected: str | None) -> None:
    assert e164(raw) == expected


TEXTS = [
    (
        "Donasi ke BRI 0123-01-000123-50-9 a.n. Siti Aminah untuk adik2, info wa O812-3456-789O",
        {
            "phones": ["+6281234567890"],
            "bank_accounts": [
                {"bank": "BRI", "number": "012301000123509", "holder": "Siti Aminah", "holder_kind": "person"}
            ],
        },
    ),
    (
        "trf BCA 1234567890 an Yayasan Kasih Bunda. hub wa.me/6285712345678 atau @bunda.adopsi",
        {
            "phones": ["+6285712345678"],
            "bank_accounts": [
                {
                    "bank": "BCA",
                    "number": "1234567890",
                    "holder": "Yayasan Kasih Bunda",
                    "holder_kind": "organisation",
                }
            ],
            "handles": ["bunda.adopsi"],
        },
    ),
    (
        "OVO: o8l2 3456 7890, gopay 0857-1234-5678, saweria.co/pantiku",
        {
            "wallets": [
                {"wallet": "OVO", "number": "+6281234567890"},
                {"wallet": "GoPay", "number": "+6285712345678"},
            ],
            "links": ["saweria.co/pantiku"],
        },
    ),
    (
        "Izin PUB No. 460/123/Dinsos/2026, rek BSI 7123456789 a.n. Yayasan Cahaya. SK AHU-0012345.AH.01.04",
        {
            "permits": ["460/123/Dinsos/2026"],
            "bank_accounts": [
                {
                    "bank": "BSI",
                    "number": "7123456789",
                    "holder": "Yayasan Cahaya",
                    "holder_kind": "organisation",
                }
            ],
            "ahu_numbers": ["0012345.AH.01.04"],
        },
    ),
    ("bayi sehat, ganti lahiran 15jt nego, atau 2,5 juta dp", {"prices_idr": [15_000_000, 2_500_000]}),
    # "BRI" must never read as digits, and a phone next to a bank's name is not an account.
    ("Kantor BRI unit Tigaraksa, hub 0812 1111 2222", {"phones": ["+6281211112222"], "bank_accounts": []}),
    ("Kirim email ke admin@panti.or.id ya", {"handles": []}),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_identifiers_in_posts(text: str, expected: dict[str, object]) -> None:
    found = extract(text).as_dict()
    for key, value in expected.items():
        assert found[key] == value, key
