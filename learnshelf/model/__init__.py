"""The model: what a card, a rule, a problem and a page address are; no I/O."""
