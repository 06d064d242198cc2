"""Checking uploaded documents by what they contain, not by what they are called."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# Leading bytes of the formats Dinas Sosial scans and exports come in.
SIGNATURES: dict[bytes, str] = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


def sniff(head: bytes) -> str | None:
    for signature, mime in SIGNATURES.items():
        if head.startswith(signature):
            return mime
    return None


def validate_document(upload: UploadedFile) -> str:
    """The file's real type, or a ValidationError saying what is wrong with it."""
    limit = settings.PANTAU_UPLOAD_MAX_MB * 1024 * 1024
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is %(size).1f MB; the limit is %(limit)s MB.")
            % {"size": upload.size / 1024 / 1024, "limit": settings.PANTAU_UPLOAD_MAX_MB}
        )
    upload.seek(0)
    mime = sniff(upload.read(16))
    upload.seek(0)
    if mime is None:
        raise ValidationError(
            _(
                "Only PDF, JPEG or PNG documents are accepted, and this file is none of them "
                "(whatever its name says)."
            )
        )
    return mime
