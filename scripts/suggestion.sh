#!/usr/bin/env bash
# The "Suggestion to pull request" workflow (.github/workflows/suggestion.yml), as a script it
# runs and tests/test_suggestion_workflow.py runs with a fake `gh`:
#   scripts/suggestion.sh EVENT_FILE
# EVENT_FILE is the GitHub `issues` event. Everything in the issue (body, title, labels, author
# name) is untrusted: `learnshelf from-issue --event` reads it from the file; this script only
# takes the issue's number and its author's login and id, after checking their shape.
# On a valid issue: the card is committed, alone, on the branch suggestion/<N> (rebuilt from the
# checked-out default branch, so a second label event updates the same branch), a pull request
# is opened (or the open one updated), its body carrying the ranked tag suggestions of
# `learnshelf tag` (in a fenced block: the evidence quotes the card), and the issue gets a
# comment with its link. Otherwise the issue gets a comment with the problems and loses the
# label `accepted`.
set -euo pipefail

event=${1:?usage: scripts/suggestion.sh EVENT_FILE}
learnshelf=${LEARNSHELF:-learnshelf}
label=accepted
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# number, login, id: digits, a GitHub login, digits (anything else stops here).
read -r number login user_id < <(python3 - "$event" <<'PY'
import json, re, sys
issue = json.load(open(sys.argv[1], encoding="utf-8"))["issue"]
number, login, user_id = str(issue["number"]), str(issue["user"]["login"]), str(issue["user"]["id"])
if not (re.fullmatch(r"[0-9]{1,10}", number) and re.fullmatch(r"[0-9]{1,12}", user_id)
        and re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?", login)):
    sys.exit("unexpected issue number, author login or id in the event")
print(number, login, user_id)
PY
)
branch="suggestion/$number"
base=$(git rev-parse --abbrev-ref HEAD)

# A problem list in a fenced block: text, never Markdown, mentions or links (backticks become ').
fenced() { printf '~~~text\n'; sed -e "s/[\`~]/'/g" "$1" | head -c 60000; printf '\n~~~\n'; }

status=0
"$learnshelf" from-issue --event "$event" > "$work/out.txt" 2>&1 || status=$?
card=$(sed -n 's/^created //p' "$work/out.txt")
if [ "$status" -ne 0 ] || [ -z "$card" ]; then
  {
    echo "This issue could not become a card yet. Please fix the problems below (edit the issue),"
    echo "then a curator can add the label \`$label\` again."
    echo
    fenced "$work/out.txt"
  } > "$work/comment.md"
  gh issue comment "$number" --body-file "$work/comment.md"
  gh issue edit "$number" --remove-label "$label"
  cat "$work/out.txt"
  [ "$status" -eq 2 ] && exit 1  # the project's own set-up is broken: the run fails too
  exit 0
fi

# Nothing but the new card may be part of the commit.
changed=$(git status --porcelain --untracked-files=all)
if [ "$changed" != "?? $card" ]; then
  echo "::error::from-issue changed more than the card: $changed" >&2
  exit 1
fi
git switch --quiet -C "$branch"
git add -- "$card"
git -c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
  commit --quiet -m "Add the card suggested in #$number" -m "Made by the Suggestion workflow from issue #$number." \
  -m "Co-authored-by: $login <$user_id+$login@users.noreply.github.com>"
gh auth setup-git
git push --quiet --force origin "$branch"

{
  echo "Closes #$number"
  echo
  echo "The card \`$card\`, made from the issue by the *Suggestion to pull request* workflow."
  echo "Suggested by @$login: thank you! The card credits them as its contributor."
  echo
  echo "Curators: check the card's text and tags, then merge. Labelling the issue \`$label\` again"
  echo "rebuilds this branch from the issue."
  echo
  echo "### Tag suggestions"
  echo
  echo "From the card's own words and the most similar published cards, highest first, each with its"
  echo "evidence (\`learnshelf tag\`; see the curator guide). Nothing here is applied: \`learnshelf tag --write\`"
  echo "adds the topics marked (write); roles are only proposed, for you to accept or not."
  echo
  "$learnshelf" tag "$card" > "$work/tags.txt" 2>&1 || echo "(no suggestions: learnshelf tag failed)" > "$work/tags.txt"
  fenced "$work/tags.txt"
} > "$work/pr.md"
pr=$(gh pr list --head "$branch" --state open --json number --jq '.[0].number // empty')
if [ -n "$pr" ]; then
  gh pr edit "$pr" --body-file "$work/pr.md"
  url=$(gh pr view "$pr" --json url --jq .url)
  verb="updated"
else
  url=$(gh pr create --base "$base" --head "$branch" --title "Add the card suggested in #$number" \
    --body-file "$work/pr.md")
  verb="opened"
fi
printf 'Thanks! The card is ready for review: %s %s.\n' "$verb" "$url" > "$work/comment.md"
gh issue comment "$number" --body-file "$work/comment.md"
echo "$verb $url"
