"""Every user-facing string is translated, and the compiled catalogue matches the source."""

from __future__ import annotations

import ast
import gettext
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from pantau.conftest import World

ROOT = Path(__file__).resolve().parents[3]
PO = ROOT / "pantau" / "locale" / "id" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Re-extract the strings from a copy of the code, merged with our .po, as makemessages would."""
    if shutil.which("msgattrib") is None:
        pytest.fail("gettext tools are required (Debian package 'gettext'); bin/test installs them")
    copy = tmp_path_factory.mktemp("i18n")
    shutil.copytree(ROOT / "pantau", copy / "pantau", ignore=shutil.ignore_patterns("__pycache__", "tests"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    env = {**os.environ, "PANTAU_ENV": "test", "DJANGO_SETTINGS_MODULE": "pantau.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-location", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    return copy / "pantau" / "locale" / "id" / "LC_MESSAGES" / "django.po"


def _msgattrib(flag: str, po: Path) -> str:
    return subprocess.run(["msgattrib", flag, str(po)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607


def test_every_string_in_the_code_has_an_indonesian_translation(fresh_catalogue: Path) -> None:
    untranslated = _msgattrib("--untranslated", fresh_catalogue)
    fuzzy = _msgattrib("--only-fuzzy", fresh_catalogue)
    assert untranslated == "", f"Run makemessages and translate:\n{untranslated}"
    assert fuzzy == "", f"Fuzzy (unchecked) translations:\n{fuzzy}"


def test_compiled_catalogue_is_up_to_date(tmp_path: Path) -> None:
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(PO)], check=True)  # noqa: S603, S607
    with compiled.open("rb") as fresh, MO.open("rb") as committed:
        assert gettext.GNUTranslations(fresh)._catalog == gettext.GNUTranslations(committed)._catalog  # type: ignore[attr-defined]


def test_pages_render_in_both_languages(world: World, login: Callable[..., Client]) -> None:
    client = login(world.user("supervisor"))
    english = client.get("/organisations/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Organisations" in english and "Sign out" in english
    client.cookies.load({"pantau_language": "id"})
    indonesian = client.get("/organisations/").content.decode()
    assert "Organisasi" in indonesian and "Keluar" in indonesian and "Sign out" not in indonesian
    assert Client().get("/login/").content.decode().count("Masuk") >= 1  # default is Indonesian


# The names xgettext looks for in Python (its defaults plus the keywords Django's makemessages adds).
# A translation function imported under any other name is invisible to makemessages: its strings never
# reach django.po, and the check above cannot see them either.
EXTRACTED_NAMES = {
    "_",
    "gettext",
    "ngettext",
    "pgettext",
    "npgettext",
    "gettext_noop",
    "gettext_lazy",
    "ngettext_lazy",
    "pgettext_lazy",
    "npgettext_lazy",
}


def test_translation_functions_keep_names_makemessages_extracts() -> None:

    hidden = []
    for path in sorted((ROOT / "pantau").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                hidden += [
                    f"{path.relative_to(ROOT)}: {alias.name} as {alias.asname}"
                    for alias in node.names
                    if alias.name in EXTRACTED_NAMES and (alias.asname or alias.name) not in EXTRACTED_NAMES
                ]
    assert hidden == [], "makemessages cannot see strings marked through these names:\n" + "\n".join(hidden)
