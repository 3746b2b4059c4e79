"""The catalog: which published card is listed where and why, its labels, and the curator audit."""
