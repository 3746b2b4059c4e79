"""Pages: the generated site as Markdown (card pages, listings, browsing pages, the feed), assembled with the search page and the curator report."""
