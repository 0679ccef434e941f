"""Configuration: the typed readers (``base``) and the site config that assembles every
stage's settings (``site``)."""
