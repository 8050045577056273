#!/usr/bin/env bash
# The main job, end to end on a fresh Debian machine: install, build, make a
# store of "Where We Stand" from statements/, list it, adopt an illustrative
# amendment, show the section's history with its redline, export it as HTML.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$(nproc)" >/dev/null
charter=$PWD/build/release/charter
work=$PWD/build/quickstart
rm -rf "$work"
mkdir -p "$work"

# A signing key and an identity for this demo only (kept in build/quickstart).
ssh-keygen -q -t ed25519 -N '' -C "demo secretary" -f "$work/secretary-key"
export CHARTER_SIGNING_KEY=$work/secretary-key
by="Demo Secretary <secretary@example.org>"

echo "== charter init: the published text as the store's signed founding commit"
"$charter" init "$work/where-we-stand" --from statements --by "$by" \
	--convention published-text \
	--source "Where We Stand, as published by the ISO (adopted 1977, amended by later conventions)"
export CHARTER_STORE=$work/where-we-stand

echo "== charter sections"
"$charter" sections

echo "== charter propose: an illustrative amendment (its text says so; no convention adopted it)"
"$charter" propose workers-power --id illustrative-1 --by "$by" \
	--title "Illustrative amendment from the quickstart (not adopted by any convention)" \
	--insert "(This sentence is an illustrative amendment added by the charter quickstart; no convention adopted it.)" \
	--after "Capitalism must be replaced." \
	--rationale "Shows how a proposal is recorded and adopted. It is not part of the real platform."

echo "== charter amendments: pending ones, and whether they still apply"
"$charter" amendments

echo "== charter adopt: a signed merge commit on main"
"$charter" adopt illustrative-1 --by "$by" --convention quickstart-demo --date "$(date -u +%F)" --vote 1-0-0

echo "== charter amendment illustrative-1 --format html: its record and redline"
"$charter" amendment illustrative-1 --format html >"$work/amendment-illustrative-1.html"
echo "Wrote $work/amendment-illustrative-1.html"

echo "== charter history workers-power: every adoption that changed the section, with its redline"
"$charter" history workers-power

echo "== charter blame workers-power --format html: which adoption put each word there"
"$charter" blame workers-power --format html >"$work/blame-workers-power.html"
echo "Wrote $work/blame-workers-power.html"

echo "== charter export --format html"
"$charter" export --format html -o "$work/where-we-stand.html"
