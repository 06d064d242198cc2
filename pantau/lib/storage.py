"""Uploaded documents live outside the web root and are only ever served through an authorised view.

Storing one can fail for reasons that are not the user's: the disk is full, the folder is read-only or
not writable, a mount went away. ``PrivateStorage`` turns every such OSError into ``StorageUnavailable``
in this one place. It is a ValidationError, so each upload service's caller that already shows a
service's refusal beside the form (the other fields kept as typed) shows it too, and the API answers it
with 503 (pantau/api/errors.py). Raised from inside the model's save, it also rolls back the service's
transaction: no record points at a file that is not there, and a partly written file is removed.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db.models import Model
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class StorageUnavailable(ValidationError):
    """The server could not store an uploaded file (full, read-only, not writable): nothing was saved."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "The document could not be stored: the server's storage is full or not writable. "
                "Nothing was saved. Tell your administrator."
            ),
            code="storage_unavailable",
        )


class PrivateStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        try:
            # The stubs do not declare _save, which FileSystemStorage has.
            return str(super()._save(name, content))  # type: ignore[misc]
        except OSError as error:
            # Operators need the cause and the folder; the file's name (random) and content stay out.
            logger.error(
                "could not store an upload in the private storage at %s: %s",
                self.location,
                errno.errorcode.get(error.errno or 0, type(error).__name__),
            )
            self._remove_partial(name)
            raise StorageUnavailable() from error

    def _remove_partial(self, name: str) -> None:
        # Upload names are random (``random_upload_path``): a file at this name is the one just begun.
        with contextlib.suppress(OSError):
            os.remove(self.path(name))


def private_storage() -> Storage:
    # A callable, so migrations record the reference rather than a path from one machine's settings.
    return storages["private"]


def random_upload_path(instance: Model, filename: str) -> str:
    # The stored name never reuses the uploaded one: it is not trusted and may carry personal data.
    return f"{instance._meta.app_label}/{instance._meta.model_name}/{uuid.uuid4().hex}"
