"""Kept so that the registry's, supervision's, cases' and monitoring's migrations, which name these
functions by this path, still import. New code imports ``pantau.lib.storage``."""

from pantau.lib.storage import private_storage, random_upload_path

__all__ = ["private_storage", "random_upload_path"]
