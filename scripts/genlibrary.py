"""Generate a realistic synthetic Learnshelf library for benchmarks.

Cards use every field, the project's real taxonomy (topics, roles, vocabularies), repeated
titles, unicode text and bodies of a few paragraphs, spread over sub-folders. Deterministic
for a given seed. Used by the benchmarks in this folder; never by the tests.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
WORDS = ("team feedback learning manager coaching conversation practice skills growth customer "
         "meeting writing clear plan goals habits focus data privacy security inclusive design "
         "review mentor community career wellbeing rest stress listening questions story "
         "onboarding first week checklist résumé naïve café Zürich São Paulo 東京 学习").split()


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize()


def _ids(path: Path) -> list[str]:
    return [entry["id"] for entry in yaml.safe_load(path.read_text())]


def generate(count: int, dest: Path, seed: int = 7) -> Path:
    """Create a project at ``dest`` (curation copied from this repository) with ``count`` cards."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(REPO / "curation", dest / "curation", ignore=shutil.ignore_patterns("pathways"))
    policy = yaml.safe_load((REPO / "curation" / "policy.yml").read_text())
    topics, roles = _ids(REPO / "curation" / "topics.yml"), _ids(REPO / "curation" / "roles.yml")
    types = [t["id"] for t in policy["types"]]
    access = [a["id"] for a in policy["accessibility"]]
    rng = random.Random(seed)
    titles = [_sentence(rng, 3, 9) for _ in range(max(count // 3, 1))]  # repeated titles
    for n in range(count):
        folder = dest / "docs" / "resources" / f"group-{n % 50:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        card_id = f"card-{n:06d}"
        fields = {
            "title": f"{rng.choice(titles)} {n}" if n % 4 else rng.choice(titles),
            "type": rng.choice(types),
            "url": f"https://example.org/resources/{n}/{rng.choice(WORDS).lower()}",
            "summary": _sentence(rng, 8, 30)[:270] + ".",
            "topics": rng.sample(topics, rng.randint(1, 4)),
            "roles": rng.sample(roles, rng.randint(0, 3)),
            "core": n % 97 == 0,
            "level": rng.choice(["intro", "intermediate", "advanced"]),
            "duration": f"{rng.randint(5, 90)}m",
            "cost": rng.choice(["free", "paid", "internal"]),
            "language": rng.choice(["en", "fr", "de", "pt-BR", "ja"]),
            "accessibility": rng.sample(access, rng.randint(0, 2)),
            "source": _sentence(rng, 1, 3),
            "contributor": f"user{rng.randint(1, 400)}",
            "added": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
            "related": [f"card-{rng.randrange(count):06d}"] if count > 1 else [],
        }
        if not fields["roles"]:
            del fields["roles"]
        if not fields["core"]:
            del fields["core"]
        front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
        body = "\n\n".join(_sentence(rng, 20, 60) + "." for _ in range(rng.randint(1, 4)))
        (folder / f"{card_id}.md").write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")
    return dest
