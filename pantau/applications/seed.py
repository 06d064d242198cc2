"""Demo data: online applications at Kabupaten Tangerang homes, through the services (the pages' rules).

* the demo home (LKSA Kasih Bunda Tigaraksa, whose operator has a login) applies to renew its Tanda
  Daftar, which runs out in six weeks (registry.seed_home_work): submitted three and a half weeks ago,
  file checked, so it waits in Dinas Sosial's queue past the SOP's 14 working days (flagged overdue);
* it also asked for a fundraising (PUB) recommendation, returned to it for correction;
* another Kabupaten Tangerang home with no registration applied for one, was
  verified in the field and approved: its Tanda Daftar is now in the registry.

Documents are one-page synthetic PDFs. Runs after the registry's seeders (the homes and their records).
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pantau.accounts.models import Membership, Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.applications import services
from pantau.applications.models import Application, Kind
from pantau.applications.requirements import documents_for
from pantau.lib.seeding import SeedContext, seeder
from pantau.registry.models import BankAccount, Lksa, Registration

OFFICER = "pengawas@dinsos-kabtangerang.pantau.test"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _documents(application: Application, by: User) -> None:
    for requirement in documents_for(application.kind):
        if requirement.required:
            upload = SimpleUploadedFile(f"{requirement.key}.pdf", PDF, content_type="application/pdf")
            services.document_attach(actor=by, application=application, key=requirement.key, upload=upload)


def _operator_of(home: Lksa) -> User:
    """The home's operator; a home without a demo login gets one account (not printed: its password is
    unusable) so that its application has a maker."""
    user = User.objects.members_of(home.organisation, roles=[Role.LKSA_OPERATOR]).first()
    if user is not None:
        return user
    user = User.objects.create(email=f"operator{home.pk}@lksa.pantau.test", full_name="Siti Nurhaliza")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    Membership.objects.create(user=user, organisation=home.organisation, role=Role.LKSA_OPERATOR)
    return user


@seeder(order=36)
def seed_applications(ctx: SeedContext) -> None:
    officer = User.objects.filter(email=OFFICER).first()
    office = Organisation.objects.filter(kind=OrgKind.DINSOS_REGENCY, region_id="36.03").first()
    demo_home = (
        Lksa.objects.filter(region_code__startswith="36.03.", organisation__memberships__isnull=False)
        .order_by("pk")
        .first()
    )
    if officer is None or office is None or demo_home is None:
        return
    operator = _operator_of(demo_home)
    today = timezone.localdate()

    current = Registration.objects.filter(lksa=demo_home).order_by("-issued_on").first()
    if current is not None:
        renewal = services.application_create(
            actor=operator,
            lksa=demo_home,
            application=Application(
                kind=Kind.RENEWAL,
                previous_registration=current,
                summary="Perpanjangan Tanda Daftar; kapasitas dan layanan tidak berubah.",
            ),
        )
        _documents(renewal, operator)
        services.application_submit(actor=operator, application=renewal)
        services.application_file_check(actor=officer, application=renewal, note="Berkas lengkap.")
        # Three and a half weeks ago, file checked four days later: past the SOP's 14 working days.
        submitted_at = timezone.now() - timedelta(days=24)
        checked_at = submitted_at + timedelta(days=4)
        Application.objects.filter(pk=renewal.pk).update(
            submitted_at=submitted_at, file_checked_at=checked_at
        )
        renewal.events.exclude(action="file_checked").update(at=submitted_at)
        renewal.events.filter(action="file_checked").update(at=checked_at)
        renewal.documents.update(uploaded_at=submitted_at)

    account = BankAccount.objects.filter(lksa=demo_home, holder_kind=BankAccount.Holder.FOUNDATION).first()
    if account is not None and getattr(demo_home, "legal_entity", None) is not None:
        pub = services.application_create(
            actor=operator,
            lksa=demo_home,
            application=Application(
                kind=Kind.PUB_RECOMMENDATION,
                purpose="Renovasi asrama dan dapur panti",
                reach="regency",
                area="Kabupaten Tangerang",
                method="Transfer ke rekening yayasan; kotak amal pada acara terbuka",
                starts_on=today + timedelta(days=30),
                ends_on=today + timedelta(days=110),
                bank_account=account,
            ),
        )
        _documents(pub, operator)
        services.application_submit(actor=operator, application=pub)
        services.application_return(
            actor=officer,
            application=pub,
            note="Surat pernyataan penggunaan hasil PUB belum ditandatangani ketua yayasan.",
        )

    # A Kabupaten Tangerang home with no registration, one with its foundation on record if there is one.
    candidates = Lksa.objects.filter(region_code__startswith="36.03.", registrations__isnull=True).exclude(
        pk=demo_home.pk
    )
    unregistered = (
        candidates.filter(legal_entity__isnull=False).order_by("pk").first()
        or candidates.order_by("pk").first()
    )
    if unregistered is not None:
        maker = _operator_of(unregistered)
        application = services.application_create(
            actor=maker,
            lksa=unregistered,
            application=Application(kind=Kind.REGISTRATION, summary="Pengasuhan anak terlantar, 30 anak."),
        )
        _documents(application, maker)
        services.application_submit(actor=maker, application=application)
        services.application_file_check(actor=officer, application=application, note="Berkas lengkap.")
        services.application_field_verify(
            actor=officer,
            application=application,
            visited_on=today,
            officer=officer,
            note="Alamat, asrama dan daftar anak sesuai; papan nama memakai nomor AHU, diminta diganti.",
        )
        services.application_approve(
            actor=officer,
            application=application,
            number=f"460/TD-LKS/{today.year}/{unregistered.pk:05d}",
            issued_on=today,
        )
    ctx.log(f"  {Application.objects.count()} online applications")
