"""Page paths and URLs: where each generated page and file lives in the docs tree, the address it
is served at, the relative link from one page to another, and which pages the navigation leaves
out; and nothing more. Every other module asks here, so a page moves by editing one line.

Paths are docs-relative POSIX paths of Markdown pages (``topics/coaching/index.md``); URLs are
site-relative (``/topics/coaching/``) unless a function says otherwise.
"""

from __future__ import annotations

import posixpath

from learnshelf.model.schema import Card

HOME = "index.md"
SEARCH = "search.md"
NEW = "new.md"
TOPICS = "topics/index.md"
ROLES = "roles/index.md"
PATHWAYS = "pathways/index.md"
LIBRARY = "library/index.md"
ANY_ROLE = "any-role/index.md"
CONTRIBUTORS = "contributors/index.md"
#: The contributor guide: hand-written, but generated pages link to it when the site has one.
CONTRIBUTING = "contributing/index.md"
REPORT = "curating/report.md"
#: The learner's own shelf (saved and done cards, pathway progress), drawn in the browser.
SHELF = "shelf.md"
#: The small per-part JSON the shelf page looks saved cards up in, under the asset folder.
SHELF_DATA = "shelf"
FEED = "feed.xml"
#: Every published card as schema.org JSON-LD (an ItemList), beside the feed.
CATALOG_DATA = "catalog.jsonld"
#: Static files the pages rely on (search UI, chips), under this folder of the docs tree.
ASSET_DIR = "assets/learnshelf"
#: The Pagefind search index, a folder of the built site (not of the docs tree).
SEARCH_INDEX = "pagefind"
#: Folders whose pages are reached through other pages, never the sidebar: an automatic nav
#: with thousands of pages makes every page render the whole tree (quadratic). The MkDocs
#: adapter marks these pages "not in nav"; mkdocs.yml repeats none of them.
NOT_IN_NAV = ("resources", "topics", "roles", "pathways", "library", "any-role", "contributors")

#: Page names MkDocs publishes as their folder's index.
_INDEX_NAMES = ("index.md", "README.md")
#: Path parts ``posixpath.relpath`` would normalise away.
_UNPLAIN = frozenset(("", ".", ".."))


def card_page(card: Card) -> str:
    """Where a card's page is generated: its source path, relative to the docs folder."""
    return source_page(card.path)


def source_page(path: str) -> str:
    """The page generated for the card file at ``path`` (as the project displays it, ``docs/...``)."""
    return path.split("/", 1)[1] if path.startswith("docs/") else path


def topic_page(topic: str) -> str:
    """The first page of a topic's listing."""
    return f"topics/{topic}/index.md"


def role_page(role: str) -> str:
    """The page of a role."""
    return f"roles/{role}/index.md"


def pathway_page(pathway: str) -> str:
    """The page of a pathway."""
    return f"pathways/{pathway}.md"


def listing_page(first: str, number: int) -> str:
    """Page ``number`` (1-based) of a paginated listing whose first page is ``first``."""
    if number == 1:
        return first
    return f"{first.rsplit('/', 1)[0]}/page-{number}.md"


def asset(name: str) -> str:
    """Where the static file ``name`` is written in the docs tree."""
    return f"{ASSET_DIR}/{name}"


def shelf_part(number: int) -> str:
    """Where part ``number`` of the shelf's card index is written (the shelf script finds it beside itself)."""
    return asset(f"{SHELF_DATA}/{number}.json")


def shelf_meta() -> str:
    """Where the shelf's small index of parts, roles and pathways is written."""
    return asset(f"{SHELF_DATA}/meta.json")


def in_nav(path: str) -> bool:
    """Whether the generated page or file at ``path`` may appear in the site navigation."""
    folder, _, rest = path.partition("/")
    return not (rest and folder in NOT_IN_NAV)


def page_url(docs_path: str, directory_urls: bool = True) -> str:
    """The site URL (from the site root, leading slash) MkDocs gives the Markdown page at
    ``docs_path``, generated or not: ``a/b.md`` -> ``/a/b/``, ``a/index.md`` -> ``/a/``."""
    if is_index(docs_path):  # string work, not posixpath: this runs once per card
        folder = docs_path.rpartition("/")[0]
        return f"/{folder}/" if folder else "/"
    stem = docs_path[:-3]
    return f"/{stem}/" if directory_urls else f"/{stem}.html"


def is_index(docs_path: str) -> bool:
    """Whether MkDocs publishes the page at ``docs_path`` as its folder's index."""
    return docs_path.rpartition("/")[2] in _INDEX_NAMES


def rel(from_page: str, to_page: str) -> str:
    """Relative link from one generated Markdown page to another (both paths from docs root):
    ``posixpath.relpath`` from the page's folder, by string work for plain paths (this runs for
    every card on every listing page; relpath's normalising is most of a listing's time)."""
    start = from_page.rpartition("/")[0]
    base = start.split("/") if start else []
    target = to_page.split("/")
    if any(part in _UNPLAIN for part in base) or any(part in _UNPLAIN for part in target):
        return posixpath.relpath(to_page, start or ".")
    common = 0
    for here, there in zip(base, target):
        if here != there:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:]) or "."


def href(from_page: str, to_page: str, directory_urls: bool = True) -> str:
    """The relative URL, as the site serves it, from one generated page to another (both docs
    paths): for links in HTML we write, which no Markdown engine rewrites as it does ``.md`` links."""
    here, there = page_url(from_page, directory_urls)[1:], page_url(to_page, directory_urls)[1:]
    if not directory_urls and (there == "" or there.endswith("/")):
        there += "index.html"  # served without directory URLs: a folder's page is its index.html
    folder = here.rpartition("/")[0]
    base = folder.split("/") if folder else []
    target = there.split("/")
    common = 0
    for mine, theirs in zip(base, target[:-1]):
        if mine != theirs:
            break
        common += 1
    return "../" * (len(base) - common) + "/".join(target[common:]) or "./"


def search_action(page: str) -> str:
    """The address a search form on ``page`` submits to: the search page's directory URL, since
    a form's action is not a Markdown link the site generator rewrites."""
    folder = page_url(SEARCH).lstrip("/")
    return rel(page, folder) if page != HOME else folder


def search_bundle(folder: str = "") -> str:
    """The Pagefind bundle ``folder`` (``""``: the first part) relative to the search page's URL."""
    up = "../" * (page_url(SEARCH).count("/") - 1)  # /search/ is one folder below the site root
    return f"{up}{SEARCH_INDEX}/{folder}"


def search_part(number: int) -> str:
    """The folder, under the index folder, of index part ``number`` (the first part is 0: the
    index folder itself)."""
    return f"part-{number}/" if number else ""


#: The typo vocabulary's folder under the index folder: one JSON file per first letter.
SEARCH_WORDS = "words"


def search_words(word: str) -> str:
    """The file, under the index folder, of the indexed words starting as ``word`` starts (its
    first character's code point in hex), which the search page reads to correct a typo and to
    choose the index parts to search."""
    return f"{SEARCH_WORDS}/{ord(word[0]):x}.json"


def search_stub(language: str) -> str:
    """The folder, under the index folder, of the stub bundle every Pagefind of ``language``
    (a Pagefind language, e.g. ``pt-br``) starts from."""
    return f"language-{language}/"


def stub_url(language: str) -> str:
    """The URL of the stub bundle's one hidden record (never a page)."""
    return f"/{SEARCH_INDEX}/{search_stub(language)}stub/"


def vocabulary_url(number: int, language: str = "") -> str:
    """The URL of part ``number``'s hidden vocabulary record in ``language`` (never a page: only
    its words count)."""
    return f"/{SEARCH_INDEX}/part-{number}/vocabulary/{language + '/' if language else ''}"


def site_address(site_url: str, docs_path: str) -> str:
    """The address of a generated page: absolute when the site's address is known, else
    site-relative."""
    return site_url.rstrip("/") + page_url(docs_path)


def feed_url(site_url: str, feed: str = FEED) -> str:
    """A feed's address (the site's, or ``feed`` as ``topic_feed`` gives it): absolute when the
    site's address is known, else site-relative."""
    return f"{site_url.rstrip('/')}/{feed}"


def topic_feed(topic: str) -> str:
    """The Atom feed of a topic, beside its listing."""
    return f"topics/{topic}/{FEED}"


def topic_catalog(topic: str) -> str:
    """A topic's share of ``catalog.jsonld`` when the catalogue is split per topic."""
    return f"topics/{topic}/{CATALOG_DATA}"


def role_feed(role: str) -> str:
    """The Atom feed of a role (core cards and cards tagged for it), beside its page."""
    return f"roles/{role}/{FEED}"


def edit_url(repo_url: str, branch: str, source: str) -> str:
    """The repository host's page for editing the file ``source`` on ``branch``."""
    return f"{repo_url.rstrip('/')}/edit/{branch}/{source}"


def problem_url(repo_url: str, card_id: str) -> str:
    """The repository host's form for reporting a problem with a card."""
    return f"{repo_url.rstrip('/')}/issues/new?title=Problem+with+card+{card_id}&labels=card-problem"


#: The issue form a card page's "Was this useful?" links open (.github/ISSUE_TEMPLATE/).
FEEDBACK_FORM = "card-feedback.yml"
#: The issue form the "Share what you learned" calls open.
SHARE_FORM = "share-what-you-learned.yml"


def feedback_url(repo_url: str, card_id: str, answer: str) -> str:
    """The repository host's "Card feedback" form, filled in with the card and the answer."""
    return f"{repo_url.rstrip('/')}/issues/new?template={FEEDBACK_FORM}&card={card_id}&useful={answer}"


def form_url(repo_url: str, form: str) -> str:
    """The repository host's page for a new issue from the issue form ``form``."""
    return f"{repo_url.rstrip('/')}/issues/new?template={form}"
