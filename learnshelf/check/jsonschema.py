"""A JSON Schema (draft 2020-12) of card front matter, built from the schema and taxonomy,
so editors (e.g. the YAML language server) can offer completion and inline checks."""

from __future__ import annotations

from typing import Any

from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.schema import DRAFT_MAY_LACK, FIELDS, MAX_TOPICS, Field

_ID = "^[a-z0-9]+(-[a-z0-9]+)*$"


def _property(spec: Field, taxonomy: Taxonomy) -> dict[str, Any]:
    vocab = sorted(taxonomy.vocabularies.get(spec.vocabulary, {}))
    kinds: dict[str, dict[str, Any]] = {
        "text": {"type": "string", "minLength": spec.min_len, "maxLength": spec.max_len},
        "enum": {"type": "string", "enum": vocab},
        "enum-list": {"type": "array", "items": {"type": "string", "enum": vocab}, "uniqueItems": True},
        "bool": {"type": "boolean"},
        "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "url": {"type": "string", "format": "uri", "pattern": "^https?://", "maxLength": 2000},
        "duration": {"type": "string", "pattern": r"^\d{1,5}[mhdw]$"},
        "language": {"type": "string", "default": "en"},
        "card-id": {"type": "string", "pattern": _ID, "maxLength": 80},
        "card-ids": {"type": "array", "items": {"type": "string", "pattern": _ID}},
        "topics": {"type": "array", "minItems": 1, "maxItems": MAX_TOPICS, "uniqueItems": True,
                   "items": {"type": "string", "enum": sorted(taxonomy.topics.terms)}},
        "roles": {"type": "array", "uniqueItems": True,
                  "items": {"type": "string", "enum": sorted(taxonomy.roles.terms)}},
    }
    return {"description": spec.help, **kinds[spec.kind]}


def card_schema(taxonomy: Taxonomy) -> dict[str, Any]:
    """The schema of a card's front matter for this project's taxonomy."""
    url_types = sorted(t.id for t in taxonomy.vocabularies.get("types", {}).values() if t.url_required)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Learnshelf resource card",
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in FIELDS if f.required and f.name not in DRAFT_MAY_LACK],
        "properties": {f.name: _property(f, taxonomy) for f in FIELDS},
        "allOf": [
            # Some types need a link.
            {"if": {"properties": {"type": {"enum": url_types}}, "required": ["type"]},
             "then": {"required": ["url"]}},
            # A draft may still lack its summary and topics (the curator's work); any other card
            # (status left out means published) needs them.
            {"if": {"properties": {"status": {"const": "draft"}}, "required": ["status"]},
             "else": {"required": [f.name for f in FIELDS if f.required and f.name in DRAFT_MAY_LACK]}},
        ],
    }
