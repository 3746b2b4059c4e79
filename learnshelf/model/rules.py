"""The registry of rule ids: every problem Learnshelf reports has a stable id documented here.

Each rule has a severity (``error`` fails validation, ``warning`` does not), a one-line
explanation, and a bad and a fixed example. The contributor guide's rule reference is generated
from this table (``learnshelf rules``), so the documentation cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A documented rule id."""

    id: str
    severity: str
    explains: str
    bad: str
    fixed: str


_E, _W = "error", "warning"

_TABLE: tuple[Rule, ...] = (
    # The file itself
    Rule("empty-file", _E, "The card file has no content.", "(an empty file)", "---\ntitle: ...\n---"),
    Rule("card-too-large", _E, "A card may be at most 64 KB; link to long material instead of pasting it.",
         "(a 200 KB card)", "url: https://example.org/the-long-document"),
    Rule("bom", _E, "The file starts with an invisible byte-order mark.", "(file saved as 'UTF-8 with BOM')",
         "(file saved as 'UTF-8')"),
    Rule("encoding", _E, "The file is not UTF-8 text.", "(file saved as Latin-1 or UTF-16)", "(file saved as UTF-8)"),
    Rule("unreadable", _E, "The file cannot be read (permissions, or it vanished).", "(unreadable file)", "(readable file)"),
    Rule("invalid-id", _E, "A card id (the file name without .md) and its folders use lowercase letters, digits and single hyphens, at most 80 characters; 'index' is reserved.",
         "docs/resources/Giving_Feedback.md", "docs/resources/giving-feedback.md"),
    Rule("duplicate-id", _E, "Two card files have the same name in different folders.",
         "docs/resources/a/feedback.md and docs/resources/b/feedback.md", "docs/resources/b/feedback-for-managers.md"),
    Rule("symlink", _E, "Symbolic links are not allowed under docs/: they can publish files from elsewhere.",
         "docs/resources/x.md -> /etc/passwd", "(a real file)"),
    Rule("url-clash", _E, "Two files under docs/ would publish to the same address (a.md and a/index.md); one would overwrite the other.",
         "docs/guide.md and docs/guide/index.md", "docs/guide.md and docs/guide/details.md"),
    Rule("not-markdown", _E, "Only .md card files belong in docs/resources/.", "docs/resources/notes.txt",
         "docs/resources/notes.md"),
    Rule("not-a-file", _E, "Only regular files are read, under docs/ and on the command line: reading a named pipe (FIFO), socket or device would block or read something else.",
         "docs/resources/notes.md (a named pipe, made by mkfifo)", "docs/resources/notes.md (a regular file)"),
    # Front matter and YAML
    Rule("front-matter-missing", _E, "The card must start with a line '---', the fields, then '---'.",
         "title: Onboarding\n...", "---\ntitle: Onboarding\n...\n---"),
    Rule("front-matter-unclosed", _E, "The front matter has no closing '---' line.", "---\ntitle: Onboarding\n(body text)",
         "---\ntitle: Onboarding\n---\n(body text)"),
    Rule("front-matter-not-mapping", _E, "The front matter must be 'key: value' lines.", "---\n- a list\n---",
         "---\ntitle: A title\n---"),
    Rule("yaml-syntax", _E, "The front matter is not valid YAML; the message gives a hint (quotes, tabs, brackets).",
         "title: Feedback: a primer", "title: \"Feedback: a primer\""),
    Rule("yaml-duplicate-key", _E, "A key appears twice; only one value can be kept.", "title: A\ntitle: B", "title: B"),
    Rule("yaml-alias", _E, "YAML aliases (*name) are not allowed; write values out.", "roles: *managers",
         "roles: [people-manager]"),
    Rule("yaml-tag", _E, "YAML tags (!!python/..., !foo) are not allowed.", "title: !!python/object:os.system x",
         "title: A plain title"),
    Rule("yaml-too-deep", _E, "Lists or mappings nested very deeply (brackets, indentation or '- - -') are refused "
         "(they crash YAML parsers).", "topics: [[[[[[...\nroles:\n  - - - - - - ...", "topics: [onboarding]\nroles: [designer]"),
    # Fields
    Rule("unknown-key", _E, "Only the documented card fields are allowed (MkDocs would act on others, e.g. template).",
         "tittle: Onboarding", "title: Onboarding"),
    Rule("missing-key", _E, "A required field is missing or empty (some types require a url).", "(no summary line)",
         "summary: A short description of at least 20 characters."),
    Rule("wrong-type", _E, "A field holds a list where one value is expected, or the other way round.",
         "topics: onboarding", "topics: [onboarding]"),
    Rule("not-a-string", _E, "YAML would read this text as a number, boolean or date; quote it.", "title: 1984",
         "title: \"1984\""),
    Rule("not-a-boolean", _E, "core takes true or false only (yes/no/on/off are ambiguous).", "core: yes", "core: true"),
    Rule("text-length", _E, "A text field is too short or too long (title 3-120, summary 20-280 characters).",
         "summary: Good.", "summary: A practical guide to giving feedback that helps people grow."),
    Rule("plain-text", _E, "Plain-text fields cannot contain HTML, entities, control characters or (titles) line breaks.",
         "title: <b>Onboarding</b>", "title: Onboarding"),
    Rule("invisible-character", _E, "Zero-width and text-direction characters can disguise text; delete them "
         "(a joiner, U+200C or U+200D, between two letters of a script that needs it, as Persian does, is fine).",
         "title: On\u200bboarding", "title: Onboarding"),
    Rule("invalid-character", _E, "Text cannot contain code points that are not characters: Unicode noncharacters "
         "(U+FFFE, U+FFFF, U+FDD0-U+FDEF...) and unpaired surrogates; they break the site's feed.",
         "title: \"Onboarding\\uFFFE\"", "title: Onboarding"),
    Rule("unknown-value", _E, "The value is not in the curated list (type, level, cost, status, accessibility).",
         "type: articel", "type: article"),
    Rule("invalid-date", _E, "Dates are real calendar dates written YYYY-MM-DD; reviewed is not before added.",
         "added: 2026-02-30", "added: 2026-02-28"),
    Rule("invalid-duration", _E, "A duration is a number and a unit: m, h, d (8 h) or w (5 d).", "duration: 90",
         "duration: 90m"),
    Rule("invalid-language", _E, "The language is a BCP 47 tag.", "language: English", "language: en"),
    Rule("unknown-topic", _E, "The topic is not in curation/topics.yml (the message suggests the nearest).",
         "topics: [leadershp]", "topics: [leadership]"),
    Rule("unknown-role", _E, "The role is not in curation/roles.yml (the message suggests the nearest).",
         "roles: [enginer]", "roles: [software-engineer]"),
    Rule("topic-count", _E, "A card has 1 to 5 topics.", "topics: []", "topics: [onboarding]"),
    Rule("tag-synonym", _W, "A synonym or case variant was used; it is read as the canonical id, which you should write.",
         "topics: [Induction]", "topics: [onboarding]"),
    Rule("duplicate-tag", _W, "The same topic or role is listed twice.", "roles: [designer, designer]", "roles: [designer]"),
    Rule("retired-without-replacement", _W, "A retired card should point readers to its replacement.",
         "status: retired", "status: retired\nreplaced_by: giving-feedback-2026"),
    Rule("unknown-card", _E, "related or replaced_by names a card id that does not exist.", "related: [giving-feedbak]",
         "related: [giving-feedback]"),
    # URLs
    Rule("url-scheme", _E, "Card links are absolute http(s) addresses; javascript:, data:, file: and relative links are refused.",
         "url: javascript:alert(1)", "url: https://en.wikipedia.org/wiki/Onboarding"),
    Rule("url-invalid", _E, "The URL is malformed (no host, spaces, bad port).", "url: https://exa mple.org",
         "url: https://example.org"),
    Rule("url-credentials", _E, "The URL contains a user name or password.", "url: https://user:secret@example.org/",
         "url: https://example.org/"),
    Rule("url-private-host", _E, "The URL points at an address IANA does not list as globally reachable (loopback, private, "
         "link-local, metadata...), an IPv6 address carrying an IPv4 one (mapped, compatible, 6to4, NAT64, Teredo), "
         "or a non-public name; full-width digits count as the digits a browser reads.",
         "url: http://169.254.169.254/latest", "url: https://example.org/"),
    Rule("url-too-long", _E, "The URL is longer than 2,000 characters.", "url: https://example.org/?q=(very long)",
         "url: https://example.org/page"),
    Rule("url-tracking", _W, "The URL carries tracking parameters (utm_*, fbclid...); the message gives the clean URL.",
         "url: https://example.org/?utm_source=news", "url: https://example.org/"),
    Rule("url-http", _W, "The link uses http://; prefer https:// when the site supports it.", "url: http://example.org/",
         "url: https://example.org/"),
    Rule("duplicate-url", _E, "Another card already links to this resource (URLs compared without tracking, www., slash...).",
         "url: https://www.example.org/guide/", "(improve the existing card instead)"),
    # Body
    Rule("raw-html", _E, "Card bodies are Markdown; raw HTML is not published. The body is rendered as the site renders it and every element and attribute is checked.", "<b>Tip:</b> ask questions",
         "**Tip:** ask questions"),
    Rule("attribute-list", _E, "Attribute lists ({: .class onclick=...}) would set HTML attributes; cards cannot use them.",
         "A paragraph\n{: onclick=\"alert(1)\" }", "A paragraph"),
    Rule("unsafe-link", _E, "Links in the body must be http(s) or mailto; javascript:, data: and similar are refused.",
         "[click](javascript:alert(1))", "[the guide](https://example.org/guide)"),
    Rule("body-too-complex", _E, "A body with thousands of brackets, backticks, headings or deeply nested quotes would take the site minutes to render.",
         "[[[[[[[[[[... (8,000 brackets in one paragraph)", "A few paragraphs of plain text with [links](https://example.org)."),
    # Pathways
    Rule("pathway-invalid", _E, "A pathway file does not have the expected shape (title, summary, sections with steps).",
         "sections:\n  - steps: [first-week]", "sections:\n  - title: Week one\n    steps:\n      - card: first-week\n        note: Start here."),
    Rule("pathway-unknown-card", _E, "A pathway step names a card that does not exist or is not published.",
         "- card: first-weak", "- card: first-week"),
    Rule("pathway-unknown-role", _E, "A pathway branch names a role that is not in curation/roles.yml.",
         "roles: [managers-only]", "roles: [people-manager]"),
    # Curation files
    Rule("taxonomy-invalid", _E, "A curation file does not have the expected shape.", "- label: Onboarding (no id)",
         "- id: onboarding\n  label: Onboarding\n  description: ..."),
    Rule("taxonomy-duplicate-id", _E, "Two entries of a curation file have the same id.", "- id: coaching\n- id: coaching",
         "- id: coaching\n- id: mentoring"),
    Rule("taxonomy-duplicate-synonym", _E, "A spelling (id, label or synonym) belongs to two terms.",
         "coaching: synonyms [mentor]; mentoring: synonyms [mentor]", "keep 'mentor' on one term only"),
    Rule("taxonomy-missing-parent", _E, "A topic's parent is not a topic.", "parent: leadershp", "parent: leadership"),
    Rule("taxonomy-nested-parent", _E, "Topics nest one level only: a parent cannot have a parent.",
         "coaching -> people-management -> leadership", "coaching -> leadership"),
    Rule("issue-form-invalid", _E, "The 'Suggest a resource' issue form (.github/ISSUE_TEMPLATE/suggest-a-resource.yml) does not have the shape from-issue reads: a body list of fields, each with a unique id (the card key) and label (the heading).",
         "- type: input\n  attributes:\n    label: Title", "- type: input\n  id: title\n  attributes:\n    label: Title"),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _TABLE}


def reference_markdown() -> str:
    """The rule reference for the contributor guide, as Markdown."""
    lines = [
        "<!-- Generated by `learnshelf rules`; edit learnshelf/model/rules.py, not this file. -->",
        "# Rule reference",
        "",
        "Every problem `learnshelf validate` reports names one of these rules. "
        "Errors stop a card from being published; warnings do not.",
        "",
    ]
    for rule in _TABLE:
        lines += [f"## `{rule.id}`", "", f"*{rule.severity}*: {rule.explains}", "",
                  "Problem:", "", "```yaml", rule.bad, "```", "", "Fix:", "", "```yaml", rule.fixed, "```", ""]
    return "\n".join(lines)
