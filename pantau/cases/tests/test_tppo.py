"""The TPPO assessment on known fact patterns."""

from __future__ import annotations

from pantau.cases.tppo import assess


def provisions(**facts: object) -> list[str]:
    return [p.provision for p in assess(**facts).pointers]  # type: ignore[arg-type]


def test_livestreaming_children_in_a_home_is_exploitation_of_a_child() -> None:
    # The Medan pattern: children harboured in a home, streamed to collect gifts; no coercion recorded.
    assert provisions(process=["harbour"], means=[], purpose=["livestream"], child=True) == [
        "UU 35/2014 Pasal 76I jo. Pasal 88",
        "UU 21/2007 Pasal 2 jo. Pasal 17",
        "UU 35/2014 Pasal 76F jo. Pasal 83",
    ]


def test_for_an_adult_the_means_is_needed() -> None:
    reading = assess(process=["recruit", "transport"], means=[], purpose=["economic"], child=False)
    assert reading.pointers == [] and "means" in str(reading.missing[0])
    assert provisions(process=["recruit"], means=["deception"], purpose=["economic"], child=False) == [
        "UU 21/2007 Pasal 2"
    ]


def test_illegal_adoption_and_sending_a_child() -> None:
    assert provisions(process=["receive"], means=["payment"], purpose=["adoption"], child=True) == [
        "UU 21/2007 Pasal 5"
    ]
    assert "UU 21/2007 Pasal 6" in provisions(process=["send"], means=[], purpose=["economic"], child=True)


def test_what_is_missing_is_said() -> None:
    reading = assess(process=[], means=[], purpose=["sexual"], child=True)
    assert [p.provision for p in reading.pointers] == ["UU 35/2014 Pasal 76I jo. Pasal 88"]
    assert "process" in str(reading.missing[0])
    assert assess(process=["recruit"], means=[], purpose=[], child=True).missing
    assert assess(process=[], means=[], purpose=[], child=True).pointers == []
