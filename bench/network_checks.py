"""Checks of the seeded data against what was planted: each pattern is looked for in the whole database
with plain SQL, and whatever is found that was not planted is returned as incidental (so the truth file
says exactly which links exist, planted or not). A planted link the SQL does not find is an error."""

from __future__ import annotations

from typing import Any

from django.db import connection

HOME_IDENTIFIERS = """
    SELECT {value} AS value, a.lksa_id
    FROM monitoring_post p
    JOIN monitoring_monitoredaccount a ON a.id = p.account_id,
    LATERAL jsonb_array_elements(coalesce(p.entities -> '{key}', '[]'::jsonb)) AS e
    WHERE a.lksa_id IS NOT NULL
"""
SHARED = """
    SELECT value, array_agg(DISTINCT lksa_id ORDER BY lksa_id) FROM ({rows}) u
    GROUP BY value HAVING count(DISTINCT lksa_id) > 1
"""
STAFF_SUBJECT = """
    SELECT s.id, s.lksa_id, cs.id, c.id, c.lksa_id, {strength}
    FROM registry_staffmember s
    JOIN cases_casesubject cs ON {join}
    JOIN cases_case c ON c.id = cs.case_id
    WHERE c.lksa_id IS NOT NULL AND c.lksa_id <> s.lksa_id
"""


def _rows(sql: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


def _shared(key: str, value: str, registry: bool = False) -> dict[str, list[int]]:
    rows = HOME_IDENTIFIERS.format(key=key, value=value)
    if registry:
        rows += " UNION SELECT number_digits, lksa_id FROM registry_bankaccount"
    return {v: homes for v, homes in _rows(SHARED.format(rows=rows))}


def _compare(name: str, found: dict[Any, Any], planted: dict[Any, Any], report: dict[str, Any]) -> None:
    missing = [k for k in planted if k not in found or found[k] != planted[k]]
    if missing:
        raise AssertionError(f"{name}: planted but not found as planted: {missing[:5]}")
    extra = [{"key": k, "found": v} for k, v in found.items() if k not in planted]
    report[name] = extra


def run(signals: dict[str, list[dict[str, Any]]], near: dict[str, Any]) -> dict[str, Any]:
    report: dict[str, Any] = {}
    banks = {s["number"]: sorted(h["home_id"] for h in s["homes"]) for s in signals["shared_bank_account"]}
    _compare("shared_bank_account", _shared("bank_accounts", "e ->> 'number'", registry=True), banks, report)
    wallets = {s["number"]: sorted(h["home_id"] for h in s["homes"]) for s in signals["shared_wallet"]}
    _compare("shared_wallet", _shared("wallets", "e ->> 'number'"), wallets, report)
    codes = {s["nmid"]: sorted(h["home_id"] for h in s["homes"]) for s in signals["shared_qris"]}
    _compare("shared_qris", _shared("qris", "e ->> 'nmid'"), codes, report)
    # A shared e-wallet's number is in the posts' phones as well.
    _compare("shared_phone", _shared("phones", "e #>> '{}'"), wallets, report)
    handles = _shared("handles", "e #>> '{}'")
    report["shared_handle"] = [
        {"key": k, "homes": len(v)} for k, v in handles.items() if k not in near["hub_handles"]
    ]

    personal = {
        (home, number)
        for number, home in _rows(
            HOME_IDENTIFIERS.format(key="bank_accounts", value="e ->> 'number'")
            + " AND e ->> 'holder_kind' = 'person'"
        )
    }
    planted = {(s["home_id"], s["number"]) for s in signals["personal_account_appeal"]}
    if planted - personal:
        raise AssertionError(f"personal accounts not found: {sorted(planted - personal)[:5]}")
    report["personal_account_appeal"] = sorted(personal - planted)

    by_nik = STAFF_SUBJECT.format(strength="'nik'", join="cs.nik_hash <> '' AND cs.nik_hash = s.nik_hash")
    by_name = STAFF_SUBJECT.format(
        strength="'name_birth'",
        join="cs.name_key = s.name_key AND cs.birth_date = s.birth_date"
        " AND NOT (s.nik_hash <> '' AND cs.nik_hash <> '' AND s.nik_hash <> cs.nik_hash)",
    )
    found: dict[tuple[int, int], tuple[Any, ...]] = {}
    for staff, home, subject, case, case_home, strength in _rows(by_nik) + _rows(by_name):
        found.setdefault((staff, subject), (home, case, case_home, strength))
    planted_people = {
        (s["staff_id"], s["subject_id"]): (s["home_id"], s["case_id"], s["case_home_id"], s["match"])
        for s in signals["staff_in_case_elsewhere"]
    }
    _compare("staff_in_case_elsewhere", found, planted_people, report)
    report["staff_in_case_elsewhere"] = [
        {"key": list(e["key"]), "found": list(e["found"])} for e in report["staff_in_case_elsewhere"]
    ]
    report["staff_subject_same_name_only"] = _rows(
        "SELECT count(*) FROM registry_staffmember s JOIN cases_casesubject cs ON cs.name_key = s.name_key"
        " AND (s.birth_date IS NULL OR cs.birth_date IS NULL)"
    )[0][0]

    matches = {
        (staff, bar): (home, origin, strength)
        for staff, bar, home, origin, strength in _rows(
            "SELECT m.staff_id, m.bar_id, s.lksa_id, b.origin_id, m.strength FROM staffing_barmatch m"
            " JOIN staffing_bar b ON b.id = m.bar_id JOIN registry_staffmember s ON s.id = m.staff_id"
            " WHERE b.origin_id IS DISTINCT FROM s.lksa_id"
        )
    }
    planted_bars = {
        (s["staff_id"], s["bar_id"]): (s["home_id"], s["bar_origin_home_id"], s["match"])
        for s in signals["staff_barred_elsewhere"]
    }
    _compare("staff_barred_elsewhere", matches, planted_bars, report)
    report["staff_barred_elsewhere"] = [
        {"key": list(e["key"]), "found": list(e["found"])} for e in report["staff_barred_elsewhere"]
    ]

    phones: dict[tuple[int, str], list[int]] = {}
    for file, phone, post in _rows(
        "SELECT f.id, ph.value, p.id FROM familycare_carefile f"
        " JOIN (SELECT p.id, e #>> '{}' AS value FROM monitoring_post p,"
        "  LATERAL jsonb_array_elements(p.entities -> 'phones') e) ph"
        " ON ph.value = '+62' || substr(f.intermediary_phone_digits, 2)"
        " JOIN monitoring_post p ON p.id = ph.id WHERE f.intermediary_phone_digits <> ''"
    ):
        phones.setdefault((file, phone), []).append(post)
    planted_phones = {
        (s["care_file_id"], s["phone"]): sorted(s["post_ids"])
        for s in signals["phone_appeal_and_care_file"] + near["phone_in_non_appeal_post_and_care_file"]
    }
    _compare("care_file_phone_in_posts", {k: sorted(v) for k, v in phones.items()}, planted_phones, report)
    report["care_file_phone_in_posts"] = [
        {"key": list(e["key"]), "found": e["found"]} for e in report["care_file_phone_in_posts"]
    ]

    report["text_disagrees_with_entities"] = _extraction()
    claims = {
        home
        for (home,) in _rows(
            "SELECT DISTINCT a.lksa_id FROM monitoring_post p JOIN monitoring_monitoredaccount a"
            " ON a.id = p.account_id WHERE p.text ILIKE '%%yatim piatu%%' AND a.lksa_id IS NOT NULL"
        )
    }
    claimed = {s["home_id"] for s in signals["paper_orphans"]} | {
        s["home_id"] for s in near["orphan_claim_true_orphans"]
    }
    if claims != claimed:
        raise AssertionError(f"yatim piatu claims differ: {sorted(claims ^ claimed)[:5]}")
    return report


def _extraction(sample: int = 2000) -> int:
    """The posts' entities are what the screening's extractor reads in their text (a random sample);
    returns how many disagree (0 expected: a post whose text and entities differ would mislead)."""
    from pantau.monitoring.models import Post
    from pantau.monitoring.screening.entities import extract

    wrong = 0
    for text, entities in Post.objects.order_by("?").values_list("text", "entities")[:sample]:
        found = extract(text).as_dict()
        wrong += any(found[key] != entities.get(key) for key in found)
    return wrong
