"""Organisation kinds and staff roles. What each role may do lives in ``pantau.accounts.access``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    KPAI = "kpai", _("KPAI (Indonesian Child Protection Commission)")
    KEMENSOS = "kemensos", _("Ministry of Social Affairs (Kemensos)")
    KEMENPPPA = "kemenpppa", _("Ministry of Women's Empowerment and Child Protection (KemenPPPA)")
    DINSOS_PROVINCE = "dinsos_province", _("Provincial Social Affairs Office (Dinas Sosial)")
    DINSOS_REGENCY = "dinsos_regency", _("Regency/City Social Affairs Office (Dinas Sosial)")
    DINAS_PPPA = "dinas_pppa", _("Women's Empowerment and Child Protection Office (Dinas PPPA)")
    UPTD_PPA = "uptd_ppa", _("Women and Child Protection Service Unit (UPTD PPA)")
    BARESKRIM = "bareskrim", _("Criminal Investigation Agency (Bareskrim Polri)")
    POLDA = "polda", _("Regional Police (Polda)")
    POLRES = "polres", _("District Police (Polres)")
    POLSEK = "polsek", _("Sector Police (Polsek)")
    POLICE_PPA_UNIT = "police_ppa_unit", _("Police Women and Children Unit (Unit PPA)")
    POLICE_CYBER_UNIT = "police_cyber_unit", _("Police Cyber Unit")
    LKSA = "lksa", _("Children's home (LKSA)")
    CSO = "cso", _("Civil-society organisation")
    # Gugus Tugas Pencegahan dan Penanganan TPPO: a coordinating body of the agencies of its area.
    TASK_FORCE = "task_force", _("TPPO task force (Gugus Tugas PP-TPPO)")


POLICE_KINDS = frozenset(
    {
        OrgKind.BARESKRIM,
        OrgKind.POLDA,
        OrgKind.POLRES,
        OrgKind.POLSEK,
        OrgKind.POLICE_PPA_UNIT,
        OrgKind.POLICE_CYBER_UNIT,
    }
)
SUB_UNIT_KINDS = frozenset({OrgKind.POLICE_PPA_UNIT, OrgKind.POLICE_CYBER_UNIT})

# Which region levels an organisation of each kind may have as its jurisdiction; None = national.
KIND_REGION_LEVELS: dict[str, frozenset[int | None]] = {
    OrgKind.KPAI: frozenset({None}),
    OrgKind.KEMENSOS: frozenset({None}),
    OrgKind.KEMENPPPA: frozenset({None}),
    OrgKind.BARESKRIM: frozenset({None}),
    OrgKind.DINSOS_PROVINCE: frozenset({1}),
    OrgKind.DINSOS_REGENCY: frozenset({2}),
    OrgKind.DINAS_PPPA: frozenset({1, 2}),
    OrgKind.UPTD_PPA: frozenset({1, 2}),
    OrgKind.POLDA: frozenset({1}),
    OrgKind.POLRES: frozenset({2}),
    OrgKind.POLSEK: frozenset({3}),
    OrgKind.POLICE_PPA_UNIT: frozenset({None, 1, 2, 3}),
    OrgKind.POLICE_CYBER_UNIT: frozenset({None, 1, 2}),
    OrgKind.LKSA: frozenset({2, 3, 4}),
    OrgKind.CSO: frozenset({None, 1, 2, 3, 4}),
    OrgKind.TASK_FORCE: frozenset({None, 1, 2}),
}


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    SUPERVISOR = "supervisor", _("Supervisor / officer")
    CASE_WORKER = "case_worker", _("Case worker")
    INVESTIGATOR = "investigator", _("Investigator")
    VIEWER = "viewer", _("Read-only viewer")
    LKSA_OPERATOR = "lksa_operator", _("LKSA operator")
    AUDITOR = "auditor", _("Auditor")


def roles_for_kind(kind: str) -> list[str]:
    """The roles a member of an organisation of ``kind`` may hold."""
    if kind == OrgKind.LKSA:
        return [Role.ORG_ADMIN, Role.LKSA_OPERATOR]
    roles: list[str] = [Role.ORG_ADMIN, Role.SUPERVISOR, Role.CASE_WORKER, Role.VIEWER, Role.AUDITOR]
    if kind in POLICE_KINDS:
        roles = [Role.ORG_ADMIN, Role.INVESTIGATOR, Role.VIEWER, Role.AUDITOR]
    if kind == OrgKind.CSO:
        roles = [Role.ORG_ADMIN, Role.VIEWER]
    if kind == OrgKind.TASK_FORCE:
        # Its secretariat reads the area's aggregate picture; the work is done by the member agencies.
        roles = [Role.ORG_ADMIN, Role.VIEWER, Role.AUDITOR]
    if kind == OrgKind.KPAI:
        roles = [Role.SYSTEM_ADMIN, *roles]
    return roles
