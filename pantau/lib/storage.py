"""Uploaded documents live outside the web root and are only ever served through an authorised view."""

import uuid

from django.core.files.storage import Storage, storages
from django.db.models import Model


def private_storage() -> Storage:
    # A callable, so migrations record the reference rather than a path from one machine's settings.
    return storages["private"]


def random_upload_path(instance: Model, filename: str) -> str:
    # The stored name never reuses the uploaded one: it is not trusted and may carry personal data.
    return f"{instance._meta.app_label}/{instance._meta.model_name}/{uuid.uuid4().hex}"
