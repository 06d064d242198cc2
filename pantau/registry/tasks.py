"""Kept for import jobs queued (in the database) before imports became their own app: the queue names
the task by this path. New jobs are queued as ``pantau.imports.tasks.run_import``."""

from pantau.imports.tasks import run_import

__all__ = ["run_import"]
