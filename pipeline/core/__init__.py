"""Core: findings, messages, reading sources, Markdown scanning, slugs."""
