"""The content guard: sensitive terms, classified markings, customer personal data,
secrets and unsafe HTML are kept off the public site (see README, "Content guard")."""

from __future__ import annotations

from pipeline.guard.scan import scan_site

__all__ = ["scan_site"]
