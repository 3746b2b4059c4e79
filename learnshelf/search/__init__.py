"""Search: the Pagefind records and index of published cards."""
