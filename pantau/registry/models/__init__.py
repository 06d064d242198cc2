from pantau.registry.models.changes import ChangeRequest
from pantau.registry.models.lksa import Lksa, LksaQuerySet
from pantau.registry.models.records import (
    Accreditation,
    AdoptionLicence,
    BankAccount,
    FundraisingPermit,
    LegalEntity,
    Registration,
    SocialAccount,
    StaffMember,
)

__all__ = [
    "Accreditation",
    "AdoptionLicence",
    "BankAccount",
    "ChangeRequest",
    "FundraisingPermit",
    "LegalEntity",
    "Lksa",
    "LksaQuerySet",
    "Registration",
    "SocialAccount",
    "StaffMember",
]
