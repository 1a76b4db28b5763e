// Runs static/js/search.js under node for TestSearchJSUnderNode: loads it
// and an index into a context with just enough DOM, reads
// {texts, queries} as JSON from stdin and writes, as JSON, each text's
// words with their terms, each query's results and the words the results'
// snippets mark, in the forms the Go test writes its own, and the index's
// terms as the client decodes them.
// Usage: node search_node.js path/to/search.js path/to/index.js < input.json
"use strict";
const fs = require("fs");
const vm = require("vm");

function node(text) {
  return { textContent: text || "", children: [], appendChild(c) { this.children.push(c); return c; } };
}
const document = {
  readyState: "complete",
  querySelector() { return null; },
  createElement(tag) { const n = node(); n.tag = tag; return n; },
  createTextNode(text) { return node(text); },
};
const window = {};
const ctx = vm.createContext({ window, document, performance: { mark() {} } });
vm.runInContext(fs.readFileSync(process.argv[2], "utf8"), ctx);
vm.runInContext(fs.readFileSync(process.argv[3], "utf8"), ctx);
const gs = window.glossSearch;
const input = JSON.parse(fs.readFileSync(0, "utf8"));

const terms = input.texts.map((text) => {
  const out = [];
  gs.eachWord(text, (s, e, w) => out.push(text.slice(s, e) + "=" + gs.term(w)));
  return out.join(" ");
});
const ix = new gs.Index(window.glossSearchIndex);
const results = [], marks = [];
for (const q of input.queries) {
  const r = ix.search(q);
  results.push(r.total + ": " + r.results.map((x) => x.page + "#" + x.part + "(" + x.snippet + ")").join(" ") +
    " [" + [...r.terms].sort().join(" ") + "]");
  const m = [];
  for (const x of r.results) {
    if (!x.snippet) continue;
    for (const c of gs.highlight(document.createElement("span"), x.snippet, r.terms).children) {
      if (c.tag === "mark") m.push(c.textContent);
    }
  }
  marks.push(m.join("|"));
}
process.stdout.write(JSON.stringify({ terms, results, marks, indexTerms: ix.terms }));
