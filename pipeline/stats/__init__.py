"""Editorial targets (issue 8): published items per section and period against targets.

`config` reads site_config/stats.yml; `periods` does weeks and months in the site's time
zone; `landed` reads when items reached main from git; `count` makes the figures;
`figures` ties them together; `table` renders them for the terminal, JSON and CSV;
`page` writes the team's page of the site; `commands` is the click layer.
"""
