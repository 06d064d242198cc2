"""Children's records as linkage input: raw values (NIK decrypted in memory) and stored keys."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import transaction

from pantau.children.identifiers import read_identifier
from pantau.children.models import Child
from pantau.linkage import engine
from pantau.linkage.models import ChildKey, NameWord
from pantau.linkage.normalise import clean_nik

FIELDS = (
    "id",
    "lksa_id",
    "full_name",
    "sex",
    "birth_date",
    "birth_place",
    "nik_cipher",
    "mother_name",
    "father_name",
)
CHUNK = 5000


def raw_record(child: Child) -> engine.RawRecord:
    nik, _problem = clean_nik(read_identifier(child, "nik"))
    return engine.RawRecord(
        id=child.pk,
        full_name=child.full_name,
        sex=child.sex,
        birth_date=child.birth_date,
        birth_place=child.birth_place,
        nik=nik,
        mother_name=child.mother_name,
        father_name=child.father_name,
    )


def raw_records(children: Iterable[Child]) -> Iterator[engine.RawRecord]:
    for child in children:
        yield raw_record(child)


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    iterator = iter(ids)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def refresh(child_ids: Iterable[int]) -> None:
    """Recompute the stored keys of these children (after admission, an edit or an import)."""
    for chunk in _chunks(child_ids):
        children = Child.objects.filter(pk__in=chunk).only(*FIELDS)
        store(engine.keys(raw_record(c)) for c in children)


def store_children(children: Iterable[Child]) -> None:
    """Keys for children just written in bulk (an import), from the objects in memory."""
    store(engine.keys(raw_record(c)) for c in children)


def store(records: Iterable[dict[str, Any]]) -> None:
    keys: list[ChildKey] = []
    words: list[NameWord] = []
    ids: list[int] = []
    for r in records:
        ids.append(r["unique_id"])
        keys.append(
            ChildKey(
                child_id=r["unique_id"],
                name=r["name"] or "",
                name_initial=r["name_initial"] or "",
                sex=r["sex"] or "",
                dob=r["dob"],
                birth_year=r["birth_year"],
                mother=r["mother"] or "",
                father=r["father"] or "",
                place=r["place"] or "",
            )
        )
        words.extend(
            NameWord(child_id=r["unique_id"], word=w[:60], birth_year=r["birth_year"])
            for w in set(r["name_tokens"] or ())
        )
    with transaction.atomic():
        ChildKey.objects.filter(child_id__in=ids).delete()
        NameWord.objects.filter(child_id__in=ids).delete()
        ChildKey.objects.bulk_create(keys, batch_size=CHUNK)
        NameWord.objects.bulk_create(words, batch_size=CHUNK)
