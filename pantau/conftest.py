"""Shared test world: a few regions, agencies in two provinces and one person per role.

Personas follow the owner / colleague / outsider pattern: most staff personas work for Dinas Sosial
Kabupaten Tangerang (36.03); ``outsider`` works for Dinas Sosial Kota Medan (12.71), another province.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.test import Client

from pantau.accounts.models import Membership, Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.accounts.testing import authenticator_for, current_code, force_login_verified
from pantau.regions.models import Region

PASSWORD = "correct-horse-battery-9"

REGIONS = [
    ("36", "Banten", 1, "provinsi", None),
    ("36.03", "Kabupaten Tangerang", 2, "kabupaten", "36"),
    ("36.03.03", "Tigaraksa", 3, "kecamatan", "36.03"),
    ("36.03.03.2001", "Pasir Bolang", 4, "desa", "36.03.03"),
    ("36.71", "Kota Tangerang", 2, "kota", "36"),
    ("12", "Sumatera Utara", 1, "provinsi", None),
    ("12.71", "Kota Medan", 2, "kota", "12"),
    ("12.71.02", "Medan Sunggal", 3, "kecamatan", "12.71"),
]


@dataclass
class World:
    kpai: Organisation
    dinsos: Organisation  # Dinas Sosial Kabupaten Tangerang: the personas' home
    dinsos_medan: Organisation
    uptd: Organisation
    polres: Organisation
    ppa_unit: Organisation
    lksa: Organisation  # an LKSA inside Kabupaten Tangerang
    lksa_medan: Organisation
    users: dict[str, User]  # by persona name

    def user(self, persona: str) -> User:
        return self.users[persona]


_HASH_CACHE: dict[str, str] = {}


def make_user(email: str, organisation: Organisation, role: str, **extra: object) -> User:
    # Hashing is deliberately slow; one hash serves every persona.
    if PASSWORD not in _HASH_CACHE:
        _HASH_CACHE[PASSWORD] = make_password(PASSWORD)
    user = User.objects.create(
        email=email, full_name=email.split("@")[0].title(), password=_HASH_CACHE[PASSWORD], **extra
    )
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def build_world() -> World:
    for code, name, level, kind, parent in REGIONS:
        Region.objects.create(code=code, name=name, level=level, kind=kind, parent_id=parent)
    org = Organisation.objects.create
    kpai = org(name="KPAI", kind=OrgKind.KPAI)
    dinsos = org(name="Dinas Sosial Kabupaten Tangerang", kind=OrgKind.DINSOS_REGENCY, region_id="36.03")
    dinsos_medan = org(name="Dinas Sosial Kota Medan", kind=OrgKind.DINSOS_REGENCY, region_id="12.71")
    uptd = org(name="UPTD PPA Kabupaten Tangerang", kind=OrgKind.UPTD_PPA, region_id="36.03")
    polres = org(name="Polresta Tangerang", kind=OrgKind.POLRES, region_id="36.03")
    ppa_unit = org(
        name="Unit PPA Polresta Tangerang", kind=OrgKind.POLICE_PPA_UNIT, region_id="36.03", parent=polres
    )
    lksa = org(name="LKSA Kasih Bunda", kind=OrgKind.LKSA, region_id="36.03.03.2001")
    lksa_medan = org(name="Panti Asuhan Harapan", kind=OrgKind.LKSA, region_id="12.71.02")
    users = {
        "system_admin": make_user("sysadmin@test.id", kpai, Role.SYSTEM_ADMIN),
        "org_admin": make_user("admin@dinsos.test.id", dinsos, Role.ORG_ADMIN),
        "supervisor": make_user("pengawas@dinsos.test.id", dinsos, Role.SUPERVISOR),
        "case_worker": make_user("peksos@uptd.test.id", uptd, Role.CASE_WORKER),
        "investigator": make_user("penyidik@ppa.test.id", ppa_unit, Role.INVESTIGATOR),
        "viewer": make_user("pengamat@dinsos.test.id", dinsos, Role.VIEWER),
        "lksa_operator": make_user("operator@lksa.test.id", lksa, Role.LKSA_OPERATOR),
        "auditor": make_user("auditor@dinsos.test.id", dinsos, Role.AUDITOR),
        # Not a role persona: a colleague in the same office, and an outsider in another province.
        "colleague": make_user("rekan@dinsos.test.id", dinsos, Role.SUPERVISOR),
        "outsider": make_user("pengawas@medan.test.id", dinsos_medan, Role.SUPERVISOR),
    }
    return World(kpai, dinsos, dinsos_medan, uptd, polres, ppa_unit, lksa, lksa_medan, users)


ROLE_PERSONAS = [role.value for role in Role]


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def login(client: Client):  # type: ignore[no-untyped-def]
    """``login(user)`` signs the test client in as ``user`` and returns the client.

    The client asks for English so assertions read naturally; Indonesian (the default) has its own tests.
    """

    def _login(user: User, target: Client | None = None) -> Client:
        c = target or client
        c.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        # Signed in with the second factor passed (an authenticator is made for the user if needed).
        return force_login_verified(c, user)

    return _login


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Rate limits and lock-outs count in the process-wide cache: start each test from zero, so that
    one test's failed sign-ins (all from 127.0.0.1) do not lock another test out."""
    cache.clear()


def browser_sign_in(page: Any, base_url: str, user: User, *, password: str = PASSWORD) -> None:
    """Sign in through the form in a real browser, in either language: password, then the current
    code of the user's authenticator (one with a known key is made if the user has none)."""
    code = current_code(authenticator_for(user))
    page.goto(f"{base_url}/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.locator("input[name=code]").fill(code)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/login/" not in url)
