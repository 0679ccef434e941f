"""The web editor: Decap CMS at /admin/, configured from the front-matter schema."""
