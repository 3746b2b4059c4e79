"""Write the labelled fixture scripts/bench_tagging.py measures the tag suggester on:
tests/examples/tagging/labelled-cards.jsonl, one card a line (id, title, summary, body, topics,
roles, core). Run it again after editing the phrase banks below; it is deterministic (a seeded
random generator), so the file only changes when this script does:

    .venv/bin/python scripts/tagging_fixture.py

How a card is made, so a reviewer can judge how realistic the labels are: a main topic, and
half the time a second topic that plausibly goes with it; a title from one of the main topic's
subjects; a summary and a body from both topics' sentences, which name the topic's words only
sometimes (most say what the topic is about in other words); a tip placing it in the work of
the roles it is for (roles are chosen by each topic's realistic audience, and a third of the
cards are for any role); and, for a third of the cards, one sentence that mentions another
topic in passing, which the card is NOT tagged with. A few compliance cards are core. The
labels are what a curator would choose from the text; they were not tuned to the suggester.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "examples" / "tagging" / "labelled-cards.jsonl"
CARDS = 360
SEED = 22

# topic: (subjects for titles, sentences for summaries and bodies, plausible second topics,
#         {role: weight} of who such a card is usually for)
TOPICS: dict[str, tuple[list[str], list[str], list[str], dict[str, int]]] = {
    "onboarding": (
        ["your first ninety days", "a welcome plan for a new colleague", "the first week in a new team",
         "joining a team that works remotely", "a buddy scheme for new starters", "settling into a new role"],
        ["The first weeks decide whether someone feels they belong.",
         "A written plan for the first month saves the new person guessing what matters.",
         "Pair each new joiner with a buddy who is not their manager.",
         "Give people their accounts, laptop and calendar invites before day one.",
         "Introduce the three people they will work with most in the first week.",
         "Ask after thirty days what was confusing and fix it for the next person."],
        ["people-management", "remote-work", "career-development"],
        {"people-manager": 4, "learning-and-development": 3, "operations": 2}),
    "people-management": (
        ["delegating without losing track", "running a weekly team meeting", "hiring your first team member",
         "setting goals with your team", "handling an underperforming team member", "managing a team through change"],
        ["Agree what done looks like before you hand over a task.",
         "A short weekly one-to-one with each person you manage catches problems early.",
         "Write the job description around outcomes, not a list of tools.",
         "Goals the team helped write are goals the team remembers.",
         "Talk about a performance problem early, privately and with examples.",
         "Explain the reason for a change before the details of it."],
        ["feedback", "coaching", "onboarding", "project-management"],
        {"people-manager": 8, "learning-and-development": 1}),
    "coaching": (
        ["asking better questions", "the GROW model in practice", "coaching conversations in ten minutes",
         "helping someone solve their own problem", "listening before advising", "coaching a peer"],
        ["Ask what the person wants to achieve before you suggest anything.",
         "Open questions such as 'what else could you try?' keep the thinking with them.",
         "Resist giving the answer, even when you know it.",
         "Goal, reality, options and way forward give a conversation shape.",
         "Summarise what you heard before you move on.",
         "End by asking what they will do next and by when."],
        ["people-management", "feedback", "career-development"],
        {"people-manager": 5, "learning-and-development": 4}),
    "feedback": (
        ["giving feedback that helps", "asking for feedback on your work", "receiving criticism calmly",
         "feedback in code and design reviews", "a feedback habit for the team", "praise that means something"],
        ["Describe the behaviour you saw and its effect, not the person.",
         "Ask before you give feedback, so the other person is ready to hear it.",
         "Specific praise tells people what to keep doing.",
         "When you receive criticism, thank the person and ask one clarifying question.",
         "Small, frequent feedback is easier to act on than a yearly review.",
         "Write down one thing to change and check back in two weeks."],
        ["people-management", "coaching", "public-speaking"],
        {"people-manager": 3, "software-engineer": 1, "designer": 1, "learning-and-development": 1}),
    "public-speaking": (
        ["presenting to senior leaders", "a talk at your first conference", "speaking on a video call",
         "calming nerves before a talk", "telling a story with slides", "running a demo that works"],
        ["Rehearse the first two minutes until you can say them without notes.",
         "One idea per slide, and the slide says less than you do.",
         "Look at the camera, not your own face, on a video call.",
         "Slow down: nerves make everyone speak faster than they think.",
         "Start with why the audience should care, then the detail.",
         "Practise the demo on the same laptop and network you will use."],
        ["writing", "feedback", "career-development"],
        {"sales": 2, "product-manager": 2, "learning-and-development": 2, "people-manager": 1}),
    "writing": (
        ["plain words in documents", "emails people actually read", "writing a one-page proposal",
         "documentation your colleagues can follow", "editing your own draft", "writing for the web"],
        ["Put the main point in the first sentence.",
         "Short sentences and everyday words are read faster and remembered longer.",
         "Cut every word that does not change the meaning.",
         "A heading every few paragraphs lets readers find their part.",
         "Read your draft aloud; where you stumble, the reader will too.",
         "Write the decision you need from the reader in the subject line."],
        ["accessibility", "public-speaking", "software-engineering"],
        {"designer": 3, "product-manager": 2, "software-engineer": 1, "operations": 1}),
    "remote-work": (
        ["working across time zones", "a hybrid week that works", "staying connected from home",
         "meetings when half the room is remote", "async updates instead of meetings", "a home desk setup"],
        ["Write decisions down where everyone, in every time zone, can find them.",
         "Agree core hours when everyone is reachable, and protect the rest.",
         "Turn cameras on for the first minutes of a call to say hello.",
         "If one person is remote, everyone joins from their own laptop.",
         "A written weekly update replaces many status meetings.",
         "A proper chair and screen at home are worth asking for."],
        ["wellbeing", "productivity", "onboarding"],
        {"people-manager": 2, "operations": 1}),
    "data-protection": (
        ["handling customer records", "what GDPR means for your job", "sharing files with suppliers safely",
         "a subject access request", "keeping personal data only as long as needed", "privacy by design"],
        ["Collect only the personal data you need, and say why you need it.",
         "A customer can ask for a copy of everything you hold about them.",
         "Never send a spreadsheet of customer details by personal email.",
         "Delete records when the reason for keeping them has passed.",
         "Report a lost laptop or a misdirected email to the privacy team the same day.",
         "Check with legal before you share customer information with a new supplier."],
        ["information-security", "customer-focus", "software-engineering"],
        {"customer-support": 2, "operations": 3, "sales": 2, "software-engineer": 1}),
    "information-security": (
        ["spotting a phishing email", "passwords and a password manager", "locking your screen and devices",
         "secure coding basics", "reporting a security incident", "travelling with a work laptop"],
        ["Check the sender's address before you click a link in an email.",
         "A password manager makes a long, unique password for every account.",
         "Turn on two-step sign-in for email and anything that holds customer data.",
         "Lock your screen whenever you leave your desk.",
         "Report anything suspicious at once; nobody is blamed for a false alarm.",
         "Validate every input and keep dependencies up to date."],
        ["data-protection", "software-engineering"],
        {"software-engineer": 3, "operations": 2, "customer-support": 1}),
    "workplace-conduct": (
        ["speaking up about a concern", "gifts and hospitality from suppliers", "respect at work",
         "what counts as harassment", "conflicts of interest", "raising a concern confidentially"],
        ["Everyone can raise a concern, and nobody may be punished for doing so in good faith.",
         "Decline any gift that could look like it buys a decision.",
         "Jokes that single people out are not harmless banter.",
         "Tell your manager or HR when a personal interest touches a work decision.",
         "The confidential line is run by an outside company and can be anonymous.",
         "Bystanders can help by checking in with the person afterwards."],
        ["diversity-and-inclusion", "people-management"],
        {"people-manager": 2, "sales": 1, "operations": 1}),
    "diversity-and-inclusion": (
        ["inclusive meetings", "bias in hiring decisions", "an inclusive team culture",
         "allyship in everyday work", "fair promotion decisions", "celebrating different holidays"],
        ["Give everyone a turn before the loudest voices take over.",
         "Structured interviews with the same questions for everyone reduce unfair judgement.",
         "Notice who gets the visible projects and who gets the chores.",
         "Pronounce names correctly and ask when you are not sure.",
         "Decide the criteria for a promotion before looking at the candidates.",
         "Plan team events that people with caring duties can attend."],
        ["workplace-conduct", "people-management", "accessibility"],
        {"people-manager": 3, "learning-and-development": 2}),
    "accessibility": (
        ["accessible documents and slides", "designing for screen readers", "colour contrast that works",
         "captions for videos and events", "keyboard-only navigation", "an accessible event"],
        ["Use real headings so screen reader users can jump between sections.",
         "Text needs enough contrast with its background to be read in sunlight.",
         "Every image that carries meaning needs a text alternative.",
         "Everything you can do with a mouse should also work with a keyboard.",
         "Add captions to every recorded video, not only the long ones.",
         "Ask attendees about access needs when they register, not on the day."],
        ["writing", "software-engineering", "diversity-and-inclusion"],
        {"designer": 5, "software-engineer": 3, "product-manager": 1}),
    "wellbeing": (
        ["taking real breaks", "recovering after a busy quarter", "noticing when a colleague is struggling",
         "sleep and shift work", "a calmer inbox", "switching off after work"],
        ["A short walk away from the screen restores attention better than scrolling.",
         "Long hours for weeks on end lower the quality of work, not just energy.",
         "Ask 'how are you, really?' and wait for the answer.",
         "Regular sleep times matter more than the number of hours.",
         "Turn off notifications outside working hours.",
         "The employee assistance programme is free and confidential."],
        ["remote-work", "productivity", "people-management"],
        {"people-manager": 1, "customer-support": 1}),
    "productivity": (
        ["planning your week", "protecting time for deep work", "saying no to low-value work",
         "a to-do list that works", "fewer, shorter meetings", "managing interruptions"],
        ["Block two hours a day in your calendar for focused work.",
         "Pick the three things that matter this week before Monday's first meeting.",
         "Every new commitment replaces an old one; say which.",
         "Write tasks as the next physical action, not as a vague project.",
         "Batch email into two or three sessions a day.",
         "A meeting without an agenda can usually be an email."],
        ["wellbeing", "remote-work", "project-management"],
        {"product-manager": 1, "software-engineer": 1, "operations": 1}),
    "career-development": (
        ["planning your next step", "a conversation about promotion", "moving to a different team",
         "building a skills plan", "finding a sponsor", "a portfolio of your work"],
        ["Write down what you want to be doing in two years, then the skills it needs.",
         "Ask your manager what the next level looks like, with examples.",
         "A move sideways can teach more than a move up.",
         "Keep a list of what you delivered; you will forget it by review time.",
         "A sponsor speaks for you in rooms you are not in.",
         "Stretch assignments are the fastest way to grow."],
        ["coaching", "onboarding", "public-speaking"],
        {"learning-and-development": 2, "people-manager": 1}),
    "project-management": (
        ["planning a project on one page", "running a retrospective", "estimating work honestly",
         "a kanban board for the team", "managing scope creep", "a kick-off meeting"],
        ["Agree what is out of scope as carefully as what is in.",
         "A retrospective asks what to keep, what to stop and what to try.",
         "Estimate in ranges, and say what the range depends on.",
         "Limit work in progress so things get finished, not just started.",
         "Each change request gets a trade-off: what moves to make room?",
         "Name one owner for each deliverable and one date."],
        ["people-management", "productivity", "software-engineering", "customer-focus"],
        {"product-manager": 5, "software-engineer": 2, "people-manager": 2, "operations": 1}),
    "software-engineering": (
        ["code review that helps", "testing before you ship", "debugging a production problem",
         "version control for a team", "writing maintainable code", "an on-call rota"],
        ["Small pull requests get better reviews and fewer bugs.",
         "Automated tests let you change code without fear.",
         "Read the logs and reproduce the bug before changing anything.",
         "Commit often, with messages that say why the change was made.",
         "Name things for what they do; a comment should explain why, not what.",
         "A blameless incident review looks for causes in the system, not in people."],
        ["information-security", "project-management", "accessibility"],
        {"software-engineer": 8, "product-manager": 1}),
    "customer-focus": (
        ["understanding what customers need", "handling a difficult customer", "a customer interview",
         "turning complaints into improvements", "the customer journey", "following up after a sale"],
        ["Ask customers what they were trying to do, not what feature they want.",
         "Let an upset customer finish before you explain anything.",
         "Five short interviews reveal more than a long survey.",
         "Every complaint is free advice about the service.",
         "Map each step a customer takes, and where they give up.",
         "Call back a week after the sale to ask how it is going."],
        ["project-management", "data-protection", "writing"],
        {"sales": 4, "customer-support": 4, "product-manager": 3, "designer": 1}),
}

# role: situations from its work, which a card for that role names in its tip
ROLES: dict[str, list[str]] = {
    "software-engineer": ["before you open your next pull request", "during your next on-call shift",
                          "while pairing on a tricky bug", "when you plan the next sprint's tickets",
                          "in the code you ship this week", "on the service you maintain"],
    "people-manager": ["in your next one-to-one with someone who reports to you", "with your direct reports",
                       "at your next team meeting as their manager", "when you write your team's objectives",
                       "in the next performance review you run", "with a new person joining your team"],
    "product-manager": ["when you next update the roadmap", "while prioritising the backlog",
                        "with the stakeholders deciding what to build next", "in the next product discovery session",
                        "when you write the next feature brief", "as you plan the next release"],
    "designer": ["in your next design critique", "when you prototype the next screen",
                 "in your next round of usability testing", "when you hand designs to developers",
                 "while you update the design system", "in the next user flow you sketch"],
    "sales": ["on your next discovery call with a prospect", "when a deal stalls",
              "in your next renewal conversation", "when you prepare a pitch for a new account",
              "while building your pipeline for the quarter", "when a client asks for a discount"],
    "customer-support": ["the next time a caller is upset", "in the next ticket you answer",
                         "while working through the support queue", "when you escalate a ticket",
                         "in your replies on the live chat", "when you write the next help article"],
    "operations": ["when you close the month in finance", "while you onboard a new supplier",
                   "in the next HR process you run", "when you update a facilities procedure",
                   "while preparing the payroll run", "when you review a contract for legal"],
    "learning-and-development": ["when you design your next workshop", "while you curate a learning pathway",
                                 "in the next training session you run", "when you evaluate a course",
                                 "as you plan the next learning week", "when you brief a trainer"],
}

TITLES = ["{s}", "A practical guide to {s}", "{s}: what works", "Notes on {s}", "Getting better at {s}",
          "{s} in five steps", "Why {s} matters", "A short course on {s}"]
OPENINGS = ["", "This guide covers {s}. ", "A colleague's notes on {s}. ", "From our internal wiki: {s}. "]
TIPS = ["Tip: try it {c}.", "Try one idea {c}.", "Most useful {c}.", "Put it to work {c}."]
FOR_ANYONE = ["Tip: pick one idea and try it this week.", "Useful whatever your job is.",
              "Share it with a colleague and compare notes."]


def _weighted(rng: random.Random, weights: dict[str, int], count: int) -> list[str]:
    picked: list[str] = []
    pool = dict(weights)
    while pool and len(picked) < count:
        choice = rng.choices(list(pool), weights=list(pool.values()))[0]
        picked.append(choice)
        del pool[choice]
    return picked


def _card(rng: random.Random, number: int) -> dict[str, object]:
    main = rng.choice(sorted(TOPICS))
    subjects, sentences, seconds, audience = TOPICS[main]
    topics = [main] + ([rng.choice(seconds)] if rng.random() < 0.5 else [])
    core = main in ("data-protection", "information-security", "workplace-conduct") and rng.random() < 0.15
    roles = [] if core or rng.random() < 0.33 else _weighted(rng, audience, rng.choice([1, 1, 2, 2, 3]))
    subject = rng.choice(subjects)
    title = rng.choice(TITLES).format(s=subject)
    title = title[0].upper() + title[1:]
    lines = rng.sample(sentences, 3) + ([rng.choice(TOPICS[topics[1]][1])] if len(topics) > 1 else [])
    summary = rng.choice(OPENINGS).format(s=subject) + lines[0]
    body = lines[1:]
    if rng.random() < 0.33:  # a passing mention of a topic the card is not about
        other = rng.choice([t for t in sorted(TOPICS) if t not in topics])
        body.append(rng.choice(TOPICS[other][1]))
    rng.shuffle(body)
    body.append(rng.choice(TIPS).format(c=rng.choice(ROLES[roles[0]])) if roles else rng.choice(FOR_ANYONE))
    if len(roles) > 1:
        body.append(f"It also helps {rng.choice(ROLES[roles[1]])}.")
    return {"id": f"card-{number:03d}", "title": title, "summary": summary, "body": "\n\n".join(body),
            "topics": topics, "roles": roles, "core": core}


def cards(count: int = CARDS) -> list[dict[str, object]]:
    """The fixture's cards (``count`` of them; more for a timing run), always the same."""
    rng = random.Random(SEED)
    return [_card(rng, n) for n in range(1, count + 1)]


def main() -> None:
    """Write the fixture file."""
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cards()), encoding="utf-8")
    print(f"wrote {len(cards())} cards to {OUT.relative_to(OUT.parents[3])}")


if __name__ == "__main__":
    main()
