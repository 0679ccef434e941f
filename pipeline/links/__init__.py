"""`pipeline links`: check the links and anchors of the built site with linkchecker.

One module per job: `settings` (site_config/links.yml), `server` (the built site on
127.0.0.1), `driver` (runs linkchecker, reads its CSV), `check` (the internal and external
runs), `anchors` (links within a page), `scope` (which pages a change touches),
`occurrences` (every page that links a bad target), `report` (findings on content files
and lines), `commands` (the click command).
"""
