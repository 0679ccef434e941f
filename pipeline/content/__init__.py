"""The content model: the front-matter schema, loading content/, and the checks across files."""
