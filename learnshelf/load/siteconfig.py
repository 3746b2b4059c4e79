"""The site's Markdown configuration, read from ``mkdocs.yml`` as MkDocs reads it: which
extensions (and options) every page is rendered with; and nothing more."""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import yaml

#: MkDocs 1.6.1 adds these to every site's Markdown (``MkDocsConfig.markdown_extensions``'s
#: builtins); tests/test_bodyhtml.py holds this to MkDocs' own value and config reading.
MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")


@dataclass(frozen=True)
class MarkdownConfig:
    """The Markdown extensions (names or objects) and their options a site renders pages with."""

    extensions: tuple[Any, ...] = MKDOCS_BUILTINS
    configs: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False, compare=False)

    def markdown(self) -> markdown.Markdown:
        """A Markdown converter with these extensions (one per process and configuration)."""
        key = id(self)
        converter = _CONVERTERS.get(key)
        if converter is None or converter[0] is not self:
            converter = _CONVERTERS[key] = (self, markdown.Markdown(extensions=list(self.extensions),
                                                                    extension_configs=self.configs))
        return converter[1]


_CONVERTERS: dict[int, tuple[MarkdownConfig, markdown.Markdown]] = {}


class _MkDocsYamlLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's tags as MkDocs does: ``!ENV``, ``!relative``, ``!!python/name:``."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    *names, default = loader.construct_sequence(node)  # type: ignore[arg-type]
    return next((os.environ[str(n)] for n in names if str(n) in os.environ), default)


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    module, _, name = suffix.rpartition(".")
    return getattr(importlib.import_module(module), name)


_MkDocsYamlLoader.add_constructor("!ENV", _env)
_MkDocsYamlLoader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))  # type: ignore[arg-type]
_MkDocsYamlLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)


class SiteConfigError(ValueError):
    """mkdocs.yml cannot be read for its Markdown configuration (a configuration error)."""


def site_markdown(root: Path) -> MarkdownConfig:
    """The Markdown configuration of the site whose ``mkdocs.yml`` is in ``root``: MkDocs'
    builtins, then the file's ``markdown_extensions`` (a list of names or one-key mappings, or
    a mapping). Raises ``SiteConfigError`` with a sentence when the file cannot be read that way."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return MarkdownConfig()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_MkDocsYamlLoader)  # noqa: S506 (the site's own config, as MkDocs reads it)
    except (yaml.YAMLError, UnicodeDecodeError, ImportError, AttributeError) as err:
        raise SiteConfigError(f"mkdocs.yml cannot be read: {err}") from None
    value = (data or {}).get("markdown_extensions") or [] if isinstance(data, dict) else []
    items = list(value.items()) if isinstance(value, dict) else [
        next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, None) for item in value]
    names: list[Any] = list(MKDOCS_BUILTINS)
    configs: dict[str, dict[str, Any]] = {}
    for name, options in items:
        if not isinstance(name, str) or (options is not None and not isinstance(options, dict)):
            raise SiteConfigError(f"mkdocs.yml: markdown_extensions has an entry Learnshelf cannot read: {name!r}")
        if name not in names:
            names.append(name)
        if options:
            configs[name] = options
    return MarkdownConfig(tuple(names), configs)
