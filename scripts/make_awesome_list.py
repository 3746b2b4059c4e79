"""Write the multilingual awesome-list fixture (tests/examples/import/multilingual.md) and its
mapping file: the shapes of real lists (a table of contents, headings with anchors and escapes,
format notes, authors, entities, RTL marks, ZWNJ words, full-width digits, non-Latin titles),
with example.org links only. Deterministic: re-running it writes the same files."""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "examples" / "import"

#: language heading, tag, title stems (each made unique by a number), a description.
LANGUAGES = [
    ("English", "en", ["Giving useful feedback", "Coaching conversations", "Leading a small team",
                       "Your first month", "Sleep and focus"],
     "A practical, free introduction with exercises you can try with your team this week."),
    ("Deutsch", "de", ["Feedback geben", "Coaching im Alltag", "Führung für Einsteiger",
                       "Die erste Woche", "Gesund arbeiten"],
     "Eine praktische Einführung mit Übungen, die sich im Team sofort ausprobieren lassen."),
    ("فارسی", "fa", ["بازخورد\u200cدادن به همکاران", "گفت\u200cوگوی مربی\u200cگری", "رهبری تیم\u200cهای کوچک",
                   "نخستین هفته\u200cی کاری", "خواب و تمرکز"],
     "یک راهنمای عملی و رایگان با تمرین\u200cهایی که می\u200cتوانید همین هفته با تیم خود انجام دهید."),
    ("العربية", "ar", ["\u200fفن التغذية الراجعة", "\u200fمحادثات التوجيه", "\u200fقيادة فريق صغير",
                      "\u200fأسبوعك الأول", "\u200fالنوم والتركيز"],
     "\u200fمقدمة عملية ومجانية مع تمارين يمكنك تجربتها مع فريقك هذا الأسبوع."),
    ("日本語", "ja", ["フィードバック入門", "コーチングの基本", "小さなチームのリーダー",
                    "最初の一週間", "睡眠と集中"],
     "チームですぐに試せる練習問題つきの、無料で実践的な入門書です。"),
    ("ភាសាខ្មែរ", "km", ["ការ\u200cផ្តល់មតិ", "ការបង្វឹក", "ភាពជាអ្នកដឹកនាំ", "សប្តាហ៍ដំបូង", "ការគេង"],
     "មគ្គុទ្ទេសក៍ឥតគិតថ្លៃ និងជាក់ស្តែង ដែលមានលំហាត់សម្រាប់ក្រុមរបស់អ្នក។"),
    ("हिन्दी", "hi", ["प्रतिक्रिया देना", "कोचिंग की बातचीत", "छोटी टीम का नेतृत्व", "पहला सप्ताह", "नींद और ध्यान"],
     "एक व्यावहारिक और मुफ़्त परिचय, जिसमें ऐसे अभ्यास हैं जिन्हें आप इसी सप्ताह अपनी टीम के साथ आज़मा सकते हैं।"),
    ("中文", "zh", ["给出有用的反馈", "教练式对话", "带领小团队", "入职第一周", "睡眠与专注"],
     "一本免费实用的入门读物，附有本周就能和团队一起尝试的练习。"),
]
#: Subject headings as real lists write them (anchors, escapes, entities) -> topic.
SUBJECTS = [
    ('<a id="feedback-{tag}"></a>Feedback', "feedback"),
    ("Coaching \\&amp; mentoring", "coaching"),
    ("C\\# \\& C\\+\\+ teams", "leadership"),
    ('<a name="onboarding-{tag}"></a>Onboarding', "onboarding"),
    ("Wellbeing &amp; health", "wellbeing"),
]
AUTHORS = ["Karl Fogel", "مریم احمدی", "山田 太郎", "The Example Team"]
FULL_WIDTH = "０１２３４５６７８９"


def entry(lang: int, subject: int, n: int) -> str:
    """One list item in one of the shapes real lists use, in turn."""
    heading, tag, stems, description = LANGUAGES[lang]
    title = stems[subject]
    url = f"https://example.org/{tag}/{subject}/{n}"
    number = "".join(FULL_WIDTH[int(d)] for d in str(n + 1)) if tag in ("ja", "zh") else str(n + 1)
    shape = (lang + subject + n) % 7
    if shape == 0:
        return f"* [{title} {number}]({url})"
    if shape == 1:
        return f"* [{title} {number}]({url}) (PDF)"
    if shape == 2:
        return f"* [{title} {number}]({url}) - {AUTHORS[n % len(AUTHORS)]} (HTML, EPUB)"
    if shape == 3:
        return f"* [{title} {number}]({url}) - {description}"
    if shape == 4:
        return f"* [{title} \\& co {number}]({url}) - {AUTHORS[n % len(AUTHORS)]}"
    if shape == 5:
        return f"* [{title} &amp; {number}&rlm;]({url}) - {description} (PDF)"
    return f"- [{title}: {number}]({url}) \u2013 {description}"


def make() -> tuple[str, str]:
    """The list and its mapping file."""
    lines = ["# Awesome free workplace learning", "", "Free resources in many languages.", "",
             "## Contents", ""]
    for heading, tag, _, _ in LANGUAGES:
        lines.append(f"* [{heading}](#{tag})")
        lines += [f"  * [{s.split('>')[-1]}](#{tag}-{i})" for i, (s, _) in enumerate(SUBJECTS)]
    for lang, (heading, tag, _, _) in enumerate(LANGUAGES):
        lines += ["", f'## <a id="{tag}"></a>{heading}']
        for subject, (text, _) in enumerate(SUBJECTS):
            lines += ["", f"### {text.format(tag=tag)}", ""]
            lines += [entry(lang, subject, n) for n in range(7)]
        lines += ["* A book we could not find online yet", "* [Unsafe](javascript:alert(1)) - Someone"]
    lines += ["", "## License", "", "CC0."]
    mapping = ["# Headings of multilingual.md -> topics, and language headings -> languages.", "topics:"]
    # Keys are written as the headings are (Markdown); the anchored ones by their text alone.
    mapping += [f"  '{text.split('>')[-1]}': {topic}" for text, topic in SUBJECTS]
    mapping += ["languages:"]
    mapping += [f"  {heading}: {tag}" for heading, tag, _, _ in LANGUAGES]
    return "\n".join(lines) + "\n", "\n".join(mapping) + "\n"


if __name__ == "__main__":
    listing, mapping = make()
    (OUT / "multilingual.md").write_text(listing, encoding="utf-8")
    (OUT / "multilingual-map.yml").write_text(mapping, encoding="utf-8")
    sys.stdout.write(f"{listing.count(chr(10))} lines written to {OUT / 'multilingual.md'}\n")
