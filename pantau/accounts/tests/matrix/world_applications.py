"""Online-application targets of the access matrix: one application of the world's Tangerang home ("in")
and one of the Medan home ("out"), each a renewal returned to the home for correction (so the home may
edit, attach and resubmit, Dinas Sosial sees it, and every step answers with a refusal of its own: the
form is empty, documents are missing, the step is out of order), with one document attached."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from pantau.applications.models import Application, Document
from pantau.conftest import World
from pantau.registry.models import Lksa

PDF = b"%PDF-1.4\n%matrix\n"


def _application(home_pk: int, by: Any) -> dict[str, int | str]:
    application = Application.objects.create(
        lksa=Lksa.objects.get(pk=home_pk),
        kind="renewal",
        status="returned",
        created_by=by,
        submitted_by=by,
        submitted_at=timezone.now(),
        decision_note="-",
    )
    document = Document(
        application=application,
        requirement="deed",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=by,
    )
    document.file.save("akta.pdf", ContentFile(PDF), save=False)
    document.save()
    return {"application": application.pk, "application_document": "deed"}


def add_application_targets(w: World, scopes: dict[str, dict[str, Any]]) -> None:
    operator = w.user("lksa_operator")
    scopes["in"].update(_application(scopes["in"]["lksa"], operator))
    scopes["out"].update(_application(scopes["out"]["lksa"], w.user("outsider")))
