"""Search engines: head tags and JSON-LD, sitemap.xml and robots.txt, SEO warnings."""
