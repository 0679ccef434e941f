"""The content guard's checks, as the stages declare them."""

from __future__ import annotations

from pipeline.guard.scan import scan_files, scan_site

CHECKS = (scan_site, scan_files)
