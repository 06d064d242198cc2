"""Twins with alike names, chains through a thin record, and the second pass over large clusters."""

from datetime import date

from pantau.linkage import engine, resolve
from pantau.linkage import model as m
from pantau.linkage.normalise import name_tokens

R = engine.RawRecord
FAMILY = {"mother_name": "Aisyah", "father_name": "Ilham", "birth_place": "Deli Serdang"}
BORN = date(2018, 10, 19)


def _keyed(*raws: engine.RawRecord, known: tuple[str, ...] = ()) -> list[m.Record]:
    records = [engine.keys(r) for r in raws]
    established = {t for name in known for t in name_tokens(name)}
    for r in records:
        r["name_known"] = sorted(set(r["name_tokens"] or ()) & established) or None
    return records


def _level(p: m.Record, q: m.Record) -> str:
    name = next(f for f in m.FIELDS if f.column == "name")
    return name.levels[name.level_of(p, q)].code


def test_two_established_names_alike_are_two_children() -> None:
    ikhsan, ikhwan = R(1, "Ikhsan", "L", BORN, **FAMILY), R(2, "Ikhwan", "L", BORN, **FAMILY)
    assert _level(*_keyed(ikhsan, ikhwan, known=("ikhsan", "ikhwan"))) == "alike"
    # A typing error makes a word no record else carries: the same boy, written twice.
    typo = R(3, "Ikhsna", "L", BORN, **FAMILY)
    assert _level(*_keyed(ikhsan, typo, known=("ikhsan",))) == "words"
    # One NIK on both records: the same child whatever the name (a clerk's mistake or a new name).
    nik = "1207251910180001"
    same = _keyed(
        R(4, "Ikhsan", "L", BORN, nik=nik, **FAMILY),
        R(5, "Ikhwan", "L", BORN, nik=nik, **FAMILY),
        known=("ikhsan", "ikhwan"),
    )
    assert _level(*same) != "alike"


def test_established_names_are_counted_in_the_run() -> None:
    names = ["Ikhsan"] * 6 + ["Ikhwan"] * 6 + ["Ikhsna"]
    table = engine.prepare(R(i, n, "L", BORN, **FAMILY) for i, n in enumerate(names))
    con = engine.connect()
    try:
        rows = engine.load(con, table).to_arrow_table().to_pylist()
    finally:
        con.close()
    known = {r["unique_id"]: r["name_known"] for r in rows}
    assert known[0] == name_tokens("Ikhsan") and known[6] == name_tokens("Ikhwan")
    assert known[12] is None  # the typo is carried by one record: not an established name


def test_a_chain_through_a_thin_record_is_split_where_two_records_contradict() -> None:
    weights = {(1, 2): 12.0, (2, 3): 11.0, (1, 3): -40.0}  # A~B, B~C, but A and C are two children
    groups = resolve._rebuild([1, 2, 3], weights, floor=-20.0, cut=4.0)
    assert sorted(map(sorted, groups)) == [[1, 2], [3]]
    weak = {(1, 2): 12.0, (2, 3): 11.0, (1, 3): -3.0}  # A and C merely weak: kept together
    assert sorted(map(sorted, resolve._rebuild([1, 2, 3], weak, floor=-20.0, cut=4.0))) == [[1, 2, 3]]


def test_the_second_pass_scores_every_pair_and_keeps_officers_decisions() -> None:
    thin = R(2, "Baso", "L", None, birth_place="Makassar")
    people = [
        R(1, "Baso Jamaluddin", "L", date(2010, 3, 4), "Makassar", "", "Sri", "Agus"),
        thin,
        R(3, "Baso", "P", date(2016, 8, 9), "Makassar", "", "Ratna", "Yusuf"),  # a girl, six years on
    ]
    con = engine.connect()
    try:
        engine.load(con, engine.prepare(people))
        model = engine.default_model()
        chained = {1: 1, 2: 1, 3: 1}
        split = resolve.split(con, chained, model, threshold=0.95)
        assert split[1] != split[3]
        kept = resolve.split(con, chained, model, threshold=0.95, same={(1, 3)})
        assert kept[1] == kept[3]
        apart = resolve.split(con, chained, model, threshold=0.95, different={(1, 2)})
        assert apart[1] != apart[2]
    finally:
        con.close()


def test_registration_scoring_matches_the_model_level() -> None:
    """The Python level and the SQL level of ``alike`` agree (the full pair-by-pair check is in
    test_engine); here on a hand-made pair through DuckDB."""
    con = engine.connect()
    try:
        found = con.execute(
            "SELECT alike_names(['ihsan'], ['ihwan'], ['ihsan'], ['ihwan']), "
            "alike_names(['ihsan'], ['ihsna'], ['ihsan'], NULL), "
            "alike_names(['siti', 'aisyah'], ['siti', 'aminah'], ['aisyah'], ['aminah'])"
        ).fetchone()
    finally:
        con.close()
    assert found == (True, False, False)
    assert m.alike_names(["ihsan"], ["ihwan"], ["ihsan"], ["ihwan"])
    assert not m.alike_names(["siti", "aisyah"], ["siti", "aminah"], ["aisyah"], ["aminah"])
