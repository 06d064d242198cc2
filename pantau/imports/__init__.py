"""Importing lists (XLSX or CSV) as background jobs, checked in full, committed all or nothing.

The framework knows no domain: each app describes its list as an ``ImportKind`` (columns, row checks,
commit) and registers it in its ``AppConfig.ready()``; see ``kinds.py``.
"""
