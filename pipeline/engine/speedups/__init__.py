"""Build-speed work inside MkDocs: what a 3,000-item site would otherwise redo many times.

Each module removes one cost that a profile of the build showed, without changing a
byte of the output (tests/test_buildspeed.py builds both ways and compares):

- ``excerpts``: the blog plugin converts every post's whole Markdown again for each
  list page it appears on, while this site's list template shows only the summary;
- ``postlist``: the blog plugin asks ``page in blog.posts`` for every page, a list scan
  through ``Page.__eq__`` that grows with N squared;
- ``segmentation``: the search plugin segments Chinese with jieba one string at a time;
  here each distinct run of Chinese is segmented once, cached across builds, in parallel;
- ``navcache``: the navigation and tabs are rendered once per distinct result;
- ``markdowncache``: Markdown conversions (and the pipeline's step after them) are kept
  from one build to the next;
- ``postmeta``, ``titlecache``: the posts' front matter, validated settings and titles'
  table-of-contents entries are kept from one build to the next;
- ``pagereuse``: a page whose template inputs are unchanged is taken from the previous site;
- ``pageskip``: an item page whose inputs are unchanged is not built at all (no context,
  no events): the previous file is linked, its search and sitemap entries replayed;
- ``staticlinks``: unchanged static files are hard-linked from the previous site.

They are switched on per build by ``BuildRequest.speedups`` and only where
``pipeline.engine.compat`` finds the tested MkDocs and Material; whatever they replace is
replaced for one build and restored afterwards.
"""
