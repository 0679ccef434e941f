"""Records (issue 5): the update log (网站更新记录表) from git history, and quarterly archives.

history reads main's first-parent history; updatelog keeps the append-only data file;
logpage renders it; quarters does quarter arithmetic in the site's time zone; bagit
writes and verifies deterministic BagIt bundles; archive tags and bundles a quarter.
"""
