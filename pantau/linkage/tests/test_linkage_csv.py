"""``manage.py linkage_csv``: a known small file gives known clusters; unusable files are refused whole."""

import csv
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

HEADER = "record_id,full_name,sex,birth_date,birth_place,nik,mother_name,father_name,lksa_id"
ROWS = [
    # one boy recorded by three homes, each its own way
    "a1,Muhammad Rizki Ramadhan,L,2012-09-14,Jakarta,3603011409120003,Nur Hasanah,Slamet,L01",
    "a2,MOCH. RIZKY RAMADAN,L,2012-09-14,Jkt,,Noer Hasanah,,L02",
    "a3,Moh Rizki,L,2012-01-01,DKI Jakarta,3603011409120003,,Slamet,L03",
    # twins: same parents, place and birth date, different names
    "t1,Hasan Saputra,L,2014-05-17,Kab. Serang,,Siti Aminah,Agus Salim,L01",
    "t2,Husein Saputra,L,2014-05-17,Serang,,Siti Aminah,Agus Salim,L01",
    # a girl recorded twice, old spelling and capitals; and her elder sister
    "g1,Siti Chadidjah,P,2016-03-02,Bandung,,Dewi Lestari,Joko Susilo,L04",
    "g2,SITI KHADIJAH,P,02/03/2016,Kab. Bandung,,DEWI LESTARI,DJOKO SOESILO,L05",
    "g3,Siti Aisyah,P,2013-08-21,Bandung,,Dewi Lestari,Joko Susilo,L04",
    # problems in single values: reported, the record still gets its cluster
    "p1,Budi Santoso,L,31-02-2015,Malang,32O1011205000001,Sri Wahyuni,,L06",
    "p2,,P,2015-06-01,Malang,,,,L06",
]


def _file(
    tmp_path: Path, rows: list[str], *, header: str = HEADER, delimiter: str = ",", name: str = "in.csv"
) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]).replace(",", delimiter) + "\n", encoding="utf-8")
    return path


def _run(source: Path, output: Path, *extra: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(
        "linkage_csv", "--input", str(source), "--output", str(output), *extra, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def _clusters(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["record_id", "cluster_id"]
        return {row["record_id"]: row["cluster_id"] for row in reader}


def test_known_file_gives_known_clusters(tmp_path: Path) -> None:
    output, report = tmp_path / "clusters.csv", tmp_path / "problems.csv"
    out, err = _run(
        _file(tmp_path, ROWS), output, "--report", str(report), "--pairs", str(tmp_path / "pairs.csv")
    )
    clusters = _clusters(output)
    assert set(clusters) == {r.split(",")[0] for r in ROWS}  # every record, singletons included
    assert clusters["a1"] == clusters["a2"] == clusters["a3"] == "a1"  # named after its first record
    assert clusters["g1"] == clusters["g2"] == "g1"
    assert clusters["t1"] != clusters["t2"]  # twins
    assert clusters["g3"] == "g3"  # the sister
    assert clusters["p1"] == "p1" and clusters["p2"] == "p2"
    assert "10 records, 7 clusters (3 records joined to an earlier one)" in out
    assert "row 10 (p1) birth_date: not a real date" in err
    problems = list(csv.DictReader(report.read_text(encoding="utf-8").splitlines()))
    assert {(p["record_id"], p["column"]) for p in problems} == {
        ("p1", "birth_date"),
        ("p1", "nik"),
        ("p2", "full_name"),
    }
    pairs = list(csv.DictReader((tmp_path / "pairs.csv").read_text(encoding="utf-8").splitlines()))
    assert {"a1", "a2"} <= {p["record_id_l"] for p in pairs} | {p["record_id_r"] for p in pairs}


def test_semicolons_and_tabs_are_read(tmp_path: Path) -> None:
    rows = [r.replace("02/03/2016", "2016-03-02") for r in ROWS]
    for delimiter in (";", "\t"):
        output = tmp_path / "out.csv"
        _out, err = _run(_file(tmp_path, rows, delimiter=delimiter), output)
        assert _clusters(output)["a2"] == "a1"
        assert "Delimiter detected" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HEADER.replace(",mother_name", "") + "\nx,Budi,L,,,,,,\n", "Columns missing: mother_name"),
        ("", "The file is empty"),
        (HEADER + "\n", "no records"),
        (HEADER + "\n,Budi,L,,,,,,L1\n", "Row 2 has no record_id"),
        (HEADER + "\nx,Budi,L,,,,,,L1\nx,Ani,P,,,,,,L1\n", "record_id x appears on rows 2 and 3"),
        (
            HEADER + '\nx,"Budi,L,,,,,,L1\ny,Ani,P,,,,,,L1\n',
            "record starting on line 2 cannot be read as CSV",
        ),
        (HEADER + ",nik\nx,Budi,L,,,,,,L1,\n", "Columns named twice: nik"),
    ],
)
def test_unusable_files_are_refused_and_nothing_is_written(
    tmp_path: Path, content: str, message: str
) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(content, encoding="utf-8")
    output = tmp_path / "out.csv"
    output.write_text("earlier result\n")
    with pytest.raises(CommandError, match=message) as refused:
        _run(source, output)
    assert refused.value.returncode == 2
    assert output.read_text() == "earlier result\n"  # an earlier result is not overwritten by nothing
    assert not list(tmp_path.glob(".*partial"))


def test_shifted_rows_are_reported_and_outputs_never_overwrite_the_input(tmp_path: Path) -> None:
    source = _file(tmp_path, [*ROWS, "s1,Siti, S.Pd.,P,2015-01-02,Garut,,,,L07"])
    _out, err = _run(source, tmp_path / "out.csv")
    assert "row 12 (s1) : more cells than columns" in err
    with pytest.raises(CommandError, match="cannot be the input"):
        _run(source, source)
    with pytest.raises(CommandError, match="No such folder"):
        _run(source, tmp_path / "nowhere" / "out.csv")


def test_not_utf8_and_too_large(tmp_path: Path) -> None:
    source = tmp_path / "latin1.csv"
    source.write_bytes((HEADER + "\nx,José,L,,,,,,L1\n").encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        _run(source, tmp_path / "out.csv")
    with pytest.raises(CommandError, match="limit is 0 MB"):
        _run(_file(tmp_path, ROWS * 200), tmp_path / "out.csv", "--max-mb", "0")
    with pytest.raises(CommandError, match="No such file"):
        _run(tmp_path / "missing.csv", tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


def test_exit_code_from_the_shell(tmp_path: Path) -> None:
    source = _file(tmp_path, ["x,Budi,L,,,,,,L1"], header=HEADER.replace(",nik", ""))
    done = subprocess.run(  # noqa: S603  (our own manage.py, fixed arguments)
        [
            sys.executable,
            "manage.py",
            "linkage_csv",
            "--input",
            str(source),
            "--output",
            str(tmp_path / "o.csv"),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert done.returncode == 2
    assert "Kolom tidak ada: nik" in done.stderr  # in Indonesian, the default language
