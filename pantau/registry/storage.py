"""Uploaded documents live outside the web root and are only ever served through an authorised view."""

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    # A callable, so migrations record the reference rather than a path from one machine's settings.
    return storages["private"]
