"""Checking: every rule a card, its body and its links are held to, the cache of results, and reporters."""
