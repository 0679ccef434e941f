"""Content pipeline for a Chinese corporate website, built on MkDocs and Material."""

__version__ = "0.1.0"
