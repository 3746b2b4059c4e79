"""Pages: the generated site as Markdown (card pages, listings, browsing pages, the feed)."""
