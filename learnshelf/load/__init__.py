"""Loading: files on disk (cards, curation data, the site configuration) into located values."""
