// Tokenizes .sla files with the TextMate grammar, as VS Code does (vscode-textmate with the
// Oniguruma regex engine compiled to WebAssembly).
//
//   node test/grammar.test.js                 checks the specs of the repository
//   node test/grammar.test.js --json FILE...  prints, per file and line, [start, end, scope]
//                                             (code-point columns; tests/test_vscode.py
//                                             compares them with the Pygments lexer's classes)
"use strict";

const fs = require("fs");
const path = require("path");
const assert = require("assert");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const GRAMMAR = path.join(__dirname, "..", "syntaxes", "sla.tmLanguage.json");
const SPECS = path.join(__dirname, "..", "..", "..", "specs");

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === "source.sla"
        ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, "utf8"), GRAMMAR)
        : null,
  });
  return registry.loadGrammar("source.sla");
}

function codePoints(s) {
  return Array.from(s).length;
}

function tokenize(grammar, text) {
  const out = [];
  let stack = vsctm.INITIAL;
  for (const line of text.split("\n")) {
    const result = grammar.tokenizeLine(line, stack);
    const tokens = [];
    for (const t of result.tokens) {
      const scope = t.scopes.filter((s) => s !== "source.sla").pop();
      if (scope) {
        tokens.push([codePoints(line.slice(0, t.startIndex)),
                     codePoints(line.slice(0, t.endIndex)), scope]);
      }
    }
    out.push(tokens);
    stack = result.ruleStack;
  }
  return out;
}

async function main(argv) {
  const grammar = await loadGrammar();
  if (argv[0] === "--json") {
    const result = {};
    for (const file of argv.slice(1)) {
      result[file] = tokenize(grammar, fs.readFileSync(file, "utf8"));
    }
    process.stdout.write(JSON.stringify(result));
    return;
  }
  const files = fs.readdirSync(SPECS).filter((f) => f.endsWith(".sla"));
  assert.ok(files.length > 0, "no specs found in " + SPECS);
  for (const file of files) {
    const lines = tokenize(grammar, fs.readFileSync(path.join(SPECS, file), "utf8"));
    const scopes = new Set(lines.flat().map((t) => t[2]));
    for (const expected of ["storage.type.declaration.sla", "keyword.other.sla",
                            "string.quoted.double.sla", "constant.numeric.float.sla"]) {
      assert.ok(scopes.has(expected), `${file}: no ${expected} token`);
    }
    console.log(`ok ${file}: ${lines.flat().length} tokens`);
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err);
  process.exit(1);
});
