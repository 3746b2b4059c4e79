"""Tools: the commands that write or inspect cards (new, import, from-issue, tag, links, preview)."""
