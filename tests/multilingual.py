"""A small multilingual library for the search tests: the repository's own cards (as realistic
neighbours) plus cards in Japanese, Chinese, Korean, Arabic, Hebrew, Spanish, Turkish, German and
French, cards about C#, C++, F#, .NET, Node.js and R, and cards whose words begin with the
letters those terms would otherwise prefix-match. Written into a copy of the repository; the
addresses are example.org placeholders, never published."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

#: id: (language, title, summary, topic, type)
CARDS: dict[str, tuple[str, str, str, str, str]] = {
    "csharp-in-a-day": ("en", "C# in a day", "A one-day tour of C# for programmers who already know another language.",
                        "software-engineering", "course"),
    "csharp-async": ("en", "Asynchronous programming in C#", "How async and await work in C#, with exercises.",
                     "software-engineering", "article"),
    "modern-cpp": ("en", "Modern C++ for beginners", "Classes, templates and the standard library of C++ explained simply.",
                   "software-engineering", "book"),
    "fsharp-fun": ("en", "F# for fun and profit", "Functional programming with F#, from first steps to domain modelling.",
                   "software-engineering", "article"),
    "dotnet-architecture": ("en", ".NET application architecture", "How to structure web applications built on .NET.",
                            "software-engineering", "guide"),
    "nodejs-best-practices": ("en", "Node.js best practices", "A checklist for building and running services on Node.js.",
                              "software-engineering", "guide"),
    "r-for-data-science": ("en", "R for data science", "Import, tidy, transform and visualise data with R.",
                           "data-literacy", "book"),
    "coaching-circles": ("en", "Coaching circles for colleagues", "Colleagues coach each other in small circles, "
                         "with clear rules and calm conversations.", "coaching", "guide"),
    "clear-code-reviews": ("en", "Clear code reviews", "Comment on code kindly and concretely; a checklist for reviewers.",
                           "software-engineering", "article"),
    "function-first": ("en", "Functions first", "Write small functions with one job each, then compose them.",
                       "software-engineering", "article"),
    "node-graphs": ("en", "Nodes and networks", "Graphs, nodes and edges for analysts, without any code.",
                    "data-literacy", "article"),
    "reading-research": ("en", "Reading research reports", "Read a research report critically in twenty minutes.",
                         "data-literacy", "article"),
    "python-for-beginners": ("en", "Python for complete beginners", "Variables, loops and functions in Python, step by step.",
                             "software-engineering", "course"),
    "javascript-basics": ("en", "JavaScript basics for designers", "Enough JavaScript to prototype an interface.",
                          "software-engineering", "course"),
    "algorithms-intro": ("en", "Introduction to algorithms", "Sorting, searching and graph algorithms with worked examples.",
                         "software-engineering", "book"),
    "negotiation-body": ("en", "Getting to yes at work", "Agreements that last: interests before positions. "
                         "Covers negotiation in one chapter.", "communication", "book"),
    "python-ja": ("ja", "Python入門", "プログラミングが初めての人のためのPythonの基礎。", "software-engineering", "course"),
    "ml-ja": ("ja", "機械学習入門", "機械学習の考え方を数式なしで、例を使って一から学びます。", "data-literacy", "course"),
    "data-ja": ("ja", "データ分析入門ガイド", "表計算ソフトで始めるデータ分析の基本と、よく使う集計の方法。", "data-literacy", "guide"),
    "leadership-ja": ("ja", "リーダーシップ入門", "初めてチームを率いる人のためのリーダーシップの基本。", "leadership", "article"),
    "javascript-ja": ("ja", "はじめてのJavaScript", "ウェブページを動かすためのJavaScriptの第一歩。",
                      "software-engineering", "course"),
    "data-zh": ("zh", "数据分析入门", "用电子表格开始学习数据分析的基本方法和常用的统计技巧。", "data-literacy", "course"),
    "project-zh": ("zh", "项目管理基础", "制定计划、分配任务和跟踪项目进度的基本技能。", "project-management", "guide"),
    "ml-zh": ("zh", "机器学习入门指南", "不用公式，通过例子理解机器学习的核心概念和常见方法。", "data-literacy", "guide"),
    "python-ko": ("ko", "파이썬 입문", "프로그래밍을 처음 배우는 사람을 위한 파이썬 기초 강의입니다.", "software-engineering", "course"),
    "leadership-ko": ("ko", "리더십의 기초", "처음으로 팀을 이끄는 사람을 위한 리더십 안내서입니다.", "leadership", "guide"),
    "programming-ar": ("ar", "مقدمة في البرمجة", "دورة تمهيدية في البرمجة للمبتدئين بدون خبرة سابقة.",
                       "software-engineering", "course"),
    "leadership-ar": ("ar", "أساسيات القيادة", "مهارات القيادة الأساسية للمديرين الجدد في فرق العمل.", "leadership", "article"),
    "projects-he": ("he", "מבוא לניהול פרויקטים", "קורס קצר על תכנון, תיאום ומעקב אחר פרויקטים בצוות.",
                    "project-management", "course"),
    "algorithms-es": ("es", "Algoritmos y estructuras de datos", "Curso introductorio de algoritmos para programadores.",
                      "software-engineering", "course"),
    "leadership-es": ("es", "Liderazgo para nuevos gerentes", "Cómo liderar un equipo durante los primeros meses.",
                      "leadership", "article"),
    "algorithms-tr": ("tr", "Algoritmalar ve veri yapıları", "Programcılar için algoritmalara giriş dersi.",
                      "software-engineering", "course"),
    "privacy-de": ("de", "Datenschutz für Einsteiger", "Was Mitarbeitende über personenbezogene Daten wissen müssen.",
                   "data-protection", "course"),
    "leadership-de": ("de", "Führung im Alltag", "Wie Führungskräfte Teams im Alltag gut begleiten.", "leadership", "article"),
    "writing-fr": ("fr", "Écrire clairement au travail", "Des phrases courtes et des mots simples pour être compris.",
                   "writing", "guide"),
    "communication-fr": ("fr", "Les bases de la communication", "Écouter, reformuler et répondre avec clarté.",
                         "communication", "article"),
}

#: Words a card's body repeats so that it is a body match, not a title match.
BODIES = {"negotiation-body": "Negotiation is a skill: this book's negotiation chapter is the one to read."}


def write_multilingual(root: Path, source: Path) -> Path:
    """Copy the project at ``source`` (docs, curation, mkdocs.yml) to ``root`` and add ``CARDS``."""
    for folder in ("docs", "curation"):
        shutil.copytree(source / folder, root / folder)
    shutil.copy(source / "mkdocs.yml", root / "mkdocs.yml")
    write_cards(root / "docs" / "resources" / "multilingual")
    return root


def write_cards(folder: Path) -> None:
    """Write ``CARDS`` as card files into ``folder`` (a new folder under a project's resources)."""
    folder.mkdir(parents=True)
    for number, (card_id, (language, title, summary, topic, kind)) in enumerate(CARDS.items()):
        fields = {"title": title, "type": kind, "url": f"https://example.org/resources/{card_id}", "summary": summary,
                  "topics": [topic], "level": "intro", "duration": "30m", "cost": "free", "language": language,
                  "source": "Example", "contributor": "learnshelf-team", "added": f"2026-10-{1 + number % 28:02d}"}
        front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
        body = BODIES.get(card_id, summary)
        (folder / f"{card_id}.md").write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")
