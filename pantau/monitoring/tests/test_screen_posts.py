"""``manage.py screen_posts`` on a small known file, including every kind of bad line."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

LINES = [
    json.dumps(
        {"id": "a1", "text": "ada bayi baru lahir, ganti biaya persalinan 15jt, tanpa ribet pengadilan"}
    ),
    json.dumps({"id": "a2", "text": "Alhamdulillah anak-anak panti khataman Al-Qur'an hari ini 🤲"}),
    "{broken json",
    json.dumps({"id": "a4", "text": ""}),
    json.dumps({"id": "a5", "text": "😭😭🙏", "platform": "snackvideo"}),
    json.dumps(["not", "an", "object"]),
    json.dumps({"text": "no id"}),
    json.dumps(
        {"id": "a8", "text": "<script>alert('x')</script> live adik2 kirim gift ya kak", "is_live": "maybe"}
    ),
    "",
    json.dumps(
        {"id": "a10", "text": "kirim gift buat adik2 panti ya kak " + "x" * 1_000_000, "is_live": True}
    ),
    json.dumps({"id": "a11", "text": "open bo abg masih sekolah", "posted_at": "2026-13-45"}),
]


def run(tmp_path: Path, lines: list[str], suffix: str = ".jsonl") -> tuple[list[dict[str, object]], str, int]:
    source, target = tmp_path / f"posts{suffix}", tmp_path / "results.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    code = 0
    with translation.override("en"):
        try:
            call_command(
                "screen_posts", "--input", str(source), "--output", str(target), stdout=out, stderr=err
            )
        except CommandError as error:
            code = error.returncode
    results = (
        [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
        if target.exists()
        else []
    )
    return results, err.getvalue(), code


def test_known_file_is_screened_and_bad_lines_reported_by_number(tmp_path: Path) -> None:
    results, errors, code = run(tmp_path, LINES)
    assert code == 1  # some lines failed, the others were screened
    by_id = {r["id"]: r for r in results}
    assert list(by_id) == ["a1", "a2", "a4", "a5", "a10"]
    assert by_id["a1"]["tier"] == "rujuk" and by_id["a1"]["flagged"] is True
    assert {"code", "evidence", "legal_basis"} <= set(by_id["a1"]["indicators"][0])
    assert by_id["a2"]["flagged"] is False
    assert by_id["a4"]["tier"] == "none" and by_id["a4"]["notes"] == ["empty_text"]
    assert by_id["a5"]["flagged"] is False and by_id["a5"]["notes"] == ["no_words"]
    assert "clipped" in by_id["a10"]["notes"]
    assert "line 3: not valid JSON" in errors
    assert "line 5: unknown platform" in errors  # a warning: the line is still screened
    assert "line 6: a line must be one JSON object" in errors
    assert "line 7: the id is missing" in errors
    assert "line 8: is_live must be true or false" in errors
    assert "line 11: posted_at is not an ISO 8601 date" in errors
    assert "line 9" not in errors  # a blank line is skipped quietly


def test_clean_file_exits_zero_and_csv_works(tmp_path: Path) -> None:
    results, errors, code = run(
        tmp_path,
        ["id,text,is_live", "c1,dijual bayi sehat usia 3 hari ganti lahiran 10jt nego,false", "c2,halo,"],
        ".csv",
    )
    assert code == 0 and errors == ""
    assert [r["id"] for r in results] == ["c1", "c2"] and results[0]["flagged"]


def test_unusable_arguments_write_nothing(tmp_path: Path) -> None:
    source = tmp_path / "posts.jsonl"
    source.write_text(LINES[0] + "\n", encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError) as same:
        call_command("screen_posts", "--input", str(source), "--output", str(source))
    assert same.value.returncode == 2 and source.read_text(encoding="utf-8") == LINES[0] + "\n"
    with translation.override("en"), pytest.raises(CommandError) as missing:
        call_command("screen_posts", "--input", str(tmp_path / "nope.jsonl"), "--output", str(tmp_path / "r"))
    assert missing.value.returncode == 2 and not (tmp_path / "r").exists()


def test_messages_are_indonesian_by_default(tmp_path: Path) -> None:
    source, target = tmp_path / "p.jsonl", tmp_path / "r.jsonl"
    source.write_text("{oops\n", encoding="utf-8")
    err = StringIO()
    with translation.override("id"), pytest.raises(CommandError):
        call_command(
            "screen_posts", "--input", str(source), "--output", str(target), stdout=StringIO(), stderr=err
        )
    assert "baris 1" in err.getvalue()
