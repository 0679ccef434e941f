"""The image pipeline: every content image reaches readers small, sharp, upright and private.

One module per job: ``settings`` (site_config/images.yml), ``probe`` (what a source file
really is, or what is wrong with it), ``process`` (Pillow encoding), ``cache`` (outputs
keyed by content and settings), ``runner`` (the parallel run and its summary), ``html``
(``<img>`` into ``<picture>``), ``checks`` (findings) and ``site`` (the MkDocs hand-off).
"""
