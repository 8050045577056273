#!/usr/bin/env bash
# The benchmark store, made once and kept: N adoptions (bench/gen_store.py),
# repacked, with git's commit-graph and changed-path Bloom filters. Prints
# the store's path.
#
#   bench/make_store.sh BUILD-DIR N
set -euo pipefail
cd "$(dirname "$0")/.."
store=$PWD/$1/store-$2
if [ ! -f "$store/objects/info/commit-graphs/commit-graph-chain" ] && [ ! -f "$store/objects/info/commit-graph" ]; then
	rm -rf "$store"
	echo "== generating a store of $2 adoptions (once; kept in $store)" >&2
	python3 bench/gen_store.py "$store" --adoptions "$2"
	git -C "$store" repack -adq
	git -C "$store" commit-graph write --reachable --changed-paths >/dev/null 2>&1
fi
echo "$store"
