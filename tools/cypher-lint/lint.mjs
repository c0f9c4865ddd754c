// Lint Cypher with Neo4j's own parser and semantic analysis (@neo4j-cypher/language-support).
//
// stdin:  JSON, a list of {"query": "...", "parameters": {...}} (parameters optional)
// stdout: JSON, a list (same order) of {"query": "...", "diagnostics": [{severity, message, start, end}]}
//         severity is "error" or "warning" (LSP severities 1 and 2; 3/4 are "info"/"hint").
// Exit status 0 whenever linting ran, whatever it found; 2 when the input is not valid JSON.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;

let items;
try {
  items = JSON.parse(input);
} catch (e) {
  process.stderr.write(`cypher-lint: stdin is not JSON: ${e.message}\n`);
  process.exit(2);
}

const results = items.map(({ query, parameters }) => {
  const { diagnostics } = lintCypherQuery(query, { parameters: parameters ?? {} });
  return {
    query,
    diagnostics: diagnostics.map((d) => ({
      severity: SEVERITY[d.severity] ?? String(d.severity),
      message: d.message,
      start: d.offsets?.start ?? null,
      end: d.offsets?.end ?? null,
    })),
  };
});
process.stdout.write(JSON.stringify(results));
