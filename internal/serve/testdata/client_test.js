// Behavioural test of client.js, run by TestClientBehaviour with node:
// each scenario runs the script in a fresh context with a fake
// EventSource, location and just enough DOM, then checks what it did.
// Usage: node client_test.js path/to/client.js
"use strict";
const fs = require("fs");
const vm = require("vm");
const assert = require("assert");

const code = fs.readFileSync(process.argv[2], "utf8");

function element(tag) {
  const el = {
    tag, attrs: {}, children: [], parentNode: null, listeners: {}, textContent: "",
    setAttribute(k, v) { this.attrs[k] = v; },
    appendChild(c) { c.parentNode = this; this.children.push(c); return c; },
    removeChild(c) { this.children = this.children.filter((x) => x !== c); c.parentNode = null; return c; },
    addEventListener(t, f) { (this.listeners[t] = this.listeners[t] || []).push(f); },
    focus() { page.focused = this; },
    attachShadow() {
      // A shadow root whose parts are found by tag name.
      const root = { parts: {}, _html: "" };
      Object.defineProperty(root, "innerHTML", {
        set(v) { this._html = v; },
        get() { return this._html; },
      });
      root.querySelector = (sel) => (root.parts[sel] = root.parts[sel] || element(sel));
      this.shadow = root;
      return root;
    },
  };
  return el;
}

let page; // the current scenario's world

function load(pathname) {
  const sources = [];
  class EventSource {
    constructor(url) {
      this.url = url; this.readyState = 1; this.listeners = {};
      sources.push(this);
    }
    addEventListener(t, f) { (this.listeners[t] = this.listeners[t] || []).push(f); }
    close() { this.readyState = 2; }
    emit(name, data) {
      const ev = data === undefined ? { type: name } : { type: name, data: JSON.stringify(data) };
      for (const f of this.listeners[name] || []) f(ev);
    }
  }
  EventSource.CLOSED = 2;
  const body = element("body");
  const before = element("input");
  const keydown = [];
  const timers = [];
  page = {
    reloads: 0, focused: before, sources, body, timers,
    links: [
      { href: "http://localhost:1313/css/site.css" },
      { href: "http://localhost:1313/css/print.css?v=1" },
      { href: "https://fonts.example/f.css" },
    ],
    get overlay() { return body.children.find((c) => "data-gloss-overlay" in c.attrs) || null; },
    get es() { return sources[sources.length - 1]; },
    key(k) { for (const f of keydown) f({ key: k }); },
  };
  const location = {
    pathname, origin: "http://localhost:1313",
    get href() { return "http://localhost:1313" + pathname; },
    reload() { page.reloads++; },
  };
  const document = {
    body, documentElement: element("html"),
    get activeElement() { return page.focused; },
    createElement: element,
    querySelectorAll(sel) {
      assert.match(sel, /^link\[rel~="stylesheet"/);
      return page.links;
    },
    addEventListener(t, f) { if (t === "keydown") keydown.push(f); },
  };
  const window = {};
  const ctx = { window, document, location, EventSource, URL, JSON, String, Date,
    setTimeout: (f, ms) => timers.push({ f, ms }) };
  window.EventSource = EventSource;
  vm.runInNewContext(code, ctx);
  assert.strictEqual(sources.length, 1, "one EventSource on load");
  assert.strictEqual(sources[0].url, "/_gloss/events");
  return page;
}

const scenarios = {
  "reloads only for its own URL"() {
    const p = load("/principles/second/");
    p.es.emit("hello", { build: 1 });
    p.es.emit("reload", { build: 2, paths: ["/", "/principles/first/"] });
    assert.strictEqual(p.reloads, 0);
    p.es.emit("reload", { build: 3, paths: ["/css/site.css", "/principles/second/"] });
    assert.strictEqual(p.reloads, 1);
  },
  "index.html in the URL counts as its folder"() {
    const p = load("/principles/second/index.html");
    p.es.emit("hello", { build: 1 });
    p.es.emit("reload", { build: 2, paths: ["/principles/second/"] });
    assert.strictEqual(p.reloads, 1);
    const home = load("/index.html");
    home.es.emit("hello", { build: 1 });
    home.es.emit("reload", { build: 2, paths: ["/"] });
    assert.strictEqual(home.reloads, 1);
  },
  "percent-encoded URL matches the server's raw path"() {
    const p = load("/glossary/caf%C3%A9/");
    p.es.emit("hello", { build: 1 });
    p.es.emit("reload", { build: 2, paths: ["/glossary/café/"] });
    assert.strictEqual(p.reloads, 1);
  },
  "CSS-only changes swap stylesheets without a reload"() {
    const p = load("/");
    p.es.emit("hello", { build: 1 });
    p.es.emit("reload", { build: 2, paths: ["/css/site.css", "/"].filter((x) => x.endsWith(".css")) });
    assert.strictEqual(p.reloads, 0);
    assert.match(p.links[0].href, /^http:\/\/localhost:1313\/css\/site\.css\?_gloss=\d+$/);
    assert.match(p.links[1].href, /^http:\/\/localhost:1313\/css\/print\.css\?v=1&_gloss=\d+$/);
    assert.strictEqual(p.links[2].href, "https://fonts.example/f.css", "foreign stylesheet untouched");
    // A second swap replaces the buster rather than piling them up.
    p.es.emit("reload", { build: 3, paths: ["/css/print.css"] });
    assert.strictEqual((p.links[1].href.match(/_gloss=/g) || []).length, 1);
    // CSS plus the page itself: a reload.
    p.es.emit("reload", { build: 4, paths: ["/", "/css/site.css"] });
    assert.strictEqual(p.reloads, 1);
  },
  "empty reload does nothing without an overlay"() {
    const p = load("/");
    p.es.emit("hello", { build: 1 });
    p.es.emit("reload", { build: 2, paths: [] });
    assert.strictEqual(p.reloads, 0);
  },
  "error shows an overlay; Escape dismisses it"() {
    const p = load("/x/");
    const before = p.focused;
    p.es.emit("hello", { build: 1 });
    p.es.emit("error", { build: 1, diagnostics: [
      { file: "content/x.md", line: 3, col: 7, severity: "error", message: "unknown key \"titel\"", hint: "did you mean \"title\"?" },
      { file: "layouts/page.html", line: 0, col: 0, severity: "warning", message: "<img src=x onerror=alert(1)>" },
    ] });
    const o = p.overlay;
    assert.ok(o, "overlay shown");
    const html = o.shadow.innerHTML;
    assert.match(html, /role="alertdialog"/);
    assert.match(html, /aria-labelledby="gloss-t"/);
    assert.match(html, /<button type="button">Dismiss<\/button>/);
    assert.match(html, /monospace/);
    assert.match(html, /overflow:auto/);
    assert.ok(!html.includes("onerror"), "messages never go through innerHTML");
    assert.strictEqual(o.shadow.parts.pre.textContent,
      'content/x.md:3:7: unknown key "titel" (did you mean "title"?)\n' +
      "layouts/page.html:1:1: warning: <img src=x onerror=alert(1)>");
    assert.match(o.shadow.parts.h2.textContent, /build failed \(2 problems\)/);
    assert.strictEqual(p.focused, o.shadow.parts.button, "Dismiss has focus");
    p.key("Escape");
    assert.strictEqual(p.overlay, null, "Escape dismisses");
    assert.strictEqual(p.focused, before, "focus returns");
    assert.strictEqual(p.reloads, 0);
  },
  "the overlay says whether a good build is still served"() {
    const p = load("/x/");
    p.es.emit("hello", { build: 2 });
    p.es.emit("error", { build: 2, diagnostics: [] });
    assert.match(p.overlay.shadow.parts.p.textContent, /^Still serving the last good build\./);
    const q = load("/x/");
    q.es.emit("hello", { build: 0 });
    q.es.emit("error", { build: 0, diagnostics: [] });
    const text = q.overlay.shadow.parts.p.textContent;
    assert.match(text, /^No build has succeeded yet\./);
    assert.ok(!/last good/.test(text), "no claim of a last good build when there is none");
  },
  "Dismiss button closes the overlay"() {
    const p = load("/");
    p.es.emit("hello", { build: 1 });
    p.es.emit("error", { build: 1, diagnostics: [] });
    assert.ok(p.overlay);
    assert.match(p.overlay.shadow.parts.pre.textContent, /no diagnostics/);
    for (const f of p.overlay.shadow.parts.button.listeners.click) f();
    assert.strictEqual(p.overlay, null);
  },
  "a second error replaces the overlay"() {
    const p = load("/");
    p.es.emit("hello", { build: 1 });
    p.es.emit("error", { build: 1, diagnostics: [{ file: "a.md", line: 1, col: 1, message: "one" }] });
    p.es.emit("error", { build: 1, diagnostics: [{ file: "b.md", line: 2, col: 2, message: "two" }] });
    assert.strictEqual(p.body.children.length, 1);
    assert.strictEqual(p.overlay.shadow.parts.pre.textContent, "b.md:2:2: two");
  },
  "any reload while the overlay shows clears it by reloading"() {
    const p = load("/x/");
    p.es.emit("hello", { build: 1 });
    p.es.emit("error", { build: 1, diagnostics: [{ file: "a.md", line: 1, col: 1, message: "bad" }] });
    p.es.emit("reload", { build: 2, paths: [] });
    assert.strictEqual(p.reloads, 1);
  },
  "after dismissing, reloads follow the usual rule"() {
    const p = load("/x/");
    p.es.emit("hello", { build: 1 });
    p.es.emit("error", { build: 1, diagnostics: [] });
    p.key("Escape");
    p.es.emit("reload", { build: 2, paths: ["/y/"] });
    assert.strictEqual(p.reloads, 0);
  },
  "reconnect: same build stays, another build reloads"() {
    const p = load("/x/");
    p.es.emit("hello", { build: 4 });
    p.es.emit("hello", { build: 4 });
    assert.strictEqual(p.reloads, 0);
    p.es.emit("reload", { build: 5, paths: ["/y/"] }); // not this page, but it is now at build 5
    p.es.emit("hello", { build: 5 });
    assert.strictEqual(p.reloads, 0);
    p.es.emit("hello", { build: 1 }); // a restarted server
    assert.strictEqual(p.reloads, 1);
  },
  "a closed stream is reopened"() {
    const p = load("/");
    p.es.emit("error"); // a transient error: EventSource retries by itself
    assert.strictEqual(p.timers.length, 0);
    p.es.readyState = 2;
    p.es.emit("error"); // refused for good
    assert.strictEqual(p.timers.length, 1);
    p.timers[0].f();
    assert.strictEqual(p.sources.length, 2, "a new EventSource");
    assert.strictEqual(p.reloads, 0);
  },
  "the placeholder before the first build reloads on any build"() {
    const p = load("/x/");
    p.es.emit("hello", { build: 0 });
    p.es.emit("reload", { build: 1, paths: ["/y/"] });
    assert.strictEqual(p.reloads, 1);
  },
  "loads once even if injected twice"() {
    const p = load("/");
    const ctx = { window: { EventSource: function () { throw new Error("second client"); }, __glossClient: true } };
    vm.runInNewContext(code, ctx);
    assert.strictEqual(p.sources.length, 1);
  },
};

let failed = 0;
for (const [name, f] of Object.entries(scenarios)) {
  try {
    f();
    console.log("ok   " + name);
  } catch (e) {
    failed++;
    console.log("FAIL " + name + "\n" + (e && e.stack));
  }
}
process.exit(failed ? 1 : 0);
