"""Search: the Pagefind records and index of published cards, how the index is cut into parts, and the search page."""
