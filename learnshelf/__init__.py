"""Learnshelf: curated workplace-learning resource cards, validated and published as a site.

The core modules here never import MkDocs, so the CLI and any site generator can share them.
"""

__version__ = "0.1.0"
