from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from pantau.accounts.models import Organisation, User
from pantau.applications import services
from pantau.applications.models import Application, Kind
from pantau.applications.requirements import documents_for
from pantau.registry.models import BankAccount, LegalEntity, Lksa

PDF = b"%PDF-1.4\n%synthetic\n"


def make_home(organisation: Organisation) -> Lksa:
    return Lksa.objects.create(
        organisation=organisation,
        name=organisation.name,
        region_code=organisation.region_id or "",
        capacity=40,
        children_count=12,
    )


def pdf(name: str = "dokumen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def with_entity(lksa: Lksa) -> BankAccount:
    """The foundation (ratified) and its account: what a fundraising recommendation needs."""
    LegalEntity.objects.create(
        lksa=lksa,
        form="yayasan",
        name=f"Yayasan {lksa.name}",
        deed_number="7",
        deed_date=date(2019, 3, 1),
        ahu_number="AHU-0042.AH.01.04.Tahun 2019",
    )
    return BankAccount.objects.create(
        lksa=lksa,
        bank="BRI",
        number="0123-01-000456-50-1",
        holder_name=f"Yayasan {lksa.name}",
        holder_kind="foundation",
    )


def drafted(
    lksa: Lksa, by: User, kind: str = Kind.REGISTRATION, *, complete: bool = True, **facts: object
) -> Application:
    application = services.application_create(
        actor=by, lksa=lksa, application=Application(kind=kind, summary="Pengasuhan 40 anak", **facts)
    )
    if complete:
        for requirement in documents_for(kind):
            if requirement.required:
                services.document_attach(actor=by, application=application, key=requirement.key, upload=pdf())
    return application


def submitted(lksa: Lksa, by: User, kind: str = Kind.REGISTRATION, **facts: object) -> Application:
    return services.application_submit(actor=by, application=drafted(lksa, by, kind, **facts))
