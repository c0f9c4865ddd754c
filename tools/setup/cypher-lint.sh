#!/usr/bin/env bash
# Neo4j's Cypher 5 parser and linter (@neo4j-cypher/language-support, pinned in
# tools/cypher-lint/package.json and package-lock.json) into tools/cypher-lint/node_modules.
# The Cypher tests feed every statement kg sends to Neo4j through it. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../cypher-lint" && pwd)"
want="$(sed -n 's/.*"@neo4j-cypher\/language-support": *"\([^"]*\)".*/\1/p' "$here/package.json")"
have="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$here/node_modules/@neo4j-cypher/language-support/package.json" 2>/dev/null | head -1 || true)"
if [ "$have" = "$want" ]; then
  echo "cypher-lint: @neo4j-cypher/language-support $want already installed"
  exit 0
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "cypher-lint: needs node (20 or newer) and npm; install them (e.g. apt-get install nodejs npm) and rerun" >&2
  exit 1
fi
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) || {
  echo "cypher-lint: 'npm ci' failed in $here; run it there by hand to see why" >&2
  exit 1
}
echo "cypher-lint: installed @neo4j-cypher/language-support $want into $here/node_modules"
