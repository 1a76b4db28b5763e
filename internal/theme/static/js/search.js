/* gloss full-text search: the client of internal/search's index.
 *
 * A classic script (no modules, no fetch, no XHR), so it works from
 * file:// as well as from any base path. The index is a script that sets
 * window.glossSearchIndex; it is loaded on first use by appending a
 * <script src> named in the form's data-index, and its page URLs are
 * relative to the site root, which the form's data-root gives relative to
 * this page.
 *
 * The tokenizer, term normaliser and stemmer below are twins of
 * internal/search/tokenize.go: a query finds a page only if both turn its
 * words into the same terms. Change them together (TestSearchJSUnderNode
 * and TestSearchInChromium compare them).
 */
(function () {
  "use strict";

  var MAX_TERM = 40; // search.MaxTermLen, in code points
  var MAX_RESULTS = 20; // results shown
  var MAX_PREFIX_TERMS = 500; // terms a prefix may expand to
  var DEBOUNCE_MS = 40;
  // Ranking: title > headings > summary > body (search.InTitle…InBody).
  var IN_TITLE = 1, IN_HEADING = 2, IN_SUMMARY = 4, IN_BODY = 8;
  var W_TITLE = 10, W_HEADING = 5, W_SUMMARY = 3, W_BODY = 1;
  var PREFIX_FACTOR = 0.8; // a word completed from a prefix counts a little less

  var STOP = new Set(("a about after all also an and any are as at be because been before being between both but by " +
    "can could did do does doing down during each few for from further had has have having he her here hers him his how " +
    "i if in into is it its itself just me more most my no nor not of off on once only or other our ours out over own " +
    "same she should so some such than that the their theirs them then there these they this those through to too " +
    "under until up very was we were what when where which while who whom why will with would you your yours").split(" "));

  var wordRe = /^[\p{L}\p{N}\p{M}]$/u;
  var letterRe = /^\p{L}$/u;
  var ideoRe = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;

  function isWord(ch) { return ch !== "" && (ch < "\x80" ? /[A-Za-z0-9]/.test(ch) : wordRe.test(ch)); }
  function isLetter(ch) { return ch !== "" && letterRe.test(ch); }
  function isIdeo(ch) { return ch >= "\u3000" && ideoRe.test(ch); }
  function cpAt(text, i) { return i < text.length ? String.fromCodePoint(text.codePointAt(i)) : ""; }
  function cpBefore(text, i) {
    if (i <= 0) return "";
    var c = text.charCodeAt(i - 1);
    if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
      var h = text.charCodeAt(i - 2);
      if (h >= 0xd800 && h <= 0xdbff) return text.slice(i - 2, i);
    }
    return text.charAt(i - 1);
  }

  // joins: does the apostrophe or dot at text[i, i+size) join the letters
  // around it ("don't"; "U.S." where each letter stands alone)?
  function joins(text, i, size, dot) {
    var prev = cpBefore(text, i), next = cpAt(text, i + size);
    if (!isLetter(prev) || !isLetter(next) || isIdeo(prev) || isIdeo(next)) return false;
    if (!dot) return true;
    if (isWord(cpBefore(text, i - prev.length))) return false;
    if (isWord(cpAt(text, i + size + next.length))) return false;
    return true;
  }

  // eachBigram calls fn with the overlapping pairs of characters of the run
  // of ideographs at text[start] (数据安全: 数据, 据安, 安全), or with its one
  // character, and returns where the run ends (see eachBigram in Go).
  function eachBigram(text, start, fn) {
    var prev = start, i = start + cpAt(text, start).length;
    while (i < text.length) {
      var ch = cpAt(text, i);
      if (!isIdeo(ch)) break;
      fn(prev, i + ch.length, text.slice(prev, i + ch.length));
      prev = i;
      i += ch.length;
    }
    if (prev === start) fn(start, i, text.slice(start, i));
    return i;
  }

  // eachWord calls fn(start, end, word) for every word of text (offsets in
  // UTF-16 code units).
  function eachWord(text, fn) {
    var n = text.length, i = 0;
    while (i < n) {
      var ch = cpAt(text, i);
      if (!isWord(ch)) { i += ch.length; continue; }
      if (isIdeo(ch)) { i = eachBigram(text, i, fn); continue; }
      var start = i, word = "", joined = false;
      while (i < n) {
        ch = cpAt(text, i);
        if (isWord(ch) && !isIdeo(ch)) {
          if (joined) word += ch;
          i += ch.length;
          continue;
        }
        if ((ch === "." || ch === "'" || ch === "\u2019") && joins(text, i, ch.length, ch === ".")) {
          if (!joined) { word = text.slice(start, i); joined = true; }
          if (ch !== ".") word += "'";
          i += ch.length;
          continue;
        }
        break;
      }
      fn(start, i, joined ? word : text.slice(start, i));
    }
  }

  // norm: lower case, final sigma as sigma, "'s" dropped, apostrophes removed.
  function norm(word) {
    var w = word.toLowerCase().replace(/ς/g, "σ").replace(/\u2019/g, "'");
    if (w.indexOf("'") >= 0) {
      if (w.slice(-2) === "'s") w = w.slice(0, -2);
      w = w.replace(/'/g, "");
    }
    return w;
  }

  function cpCount(s) { var n = 0; for (var _ of s) n++; return n; }

  // term: the index's form of a word, "" for a stop word.
  function term(word) {
    var w = norm(word);
    if (w === "" || STOP.has(w) || (w.length > MAX_TERM && cpCount(w) > MAX_TERM)) return "";
    return stem(w);
  }

  function ends(w, s) { return w.length >= s.length && w.slice(-s.length) === s; }
  function hasVowel(s) { return /[aeiouy]/.test(s); }

  // stem: see Stem in internal/search/tokenize.go for the rules.
  function stem(w) {
    if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
    if (ends(w, "ies") && w.length > 4) w = w.slice(0, -3) + "y";
    else if (ends(w, "sses")) w = w.slice(0, -2);
    else if (ends(w, "xes") || ends(w, "ches") || ends(w, "shes") || ends(w, "zzes")) w = w.slice(0, -2);
    else if (ends(w, "ss") || ends(w, "us") || ends(w, "is")) { /* stays */ }
    else if (ends(w, "s")) w = w.slice(0, -1);
    if (ends(w, "ly") && w.length - 2 >= 4 && "ilp".indexOf(w.charAt(w.length - 3)) < 0) w = w.slice(0, -2);
    if (ends(w, "ied") && w.length > 4) w = w.slice(0, -3) + "y";
    else if (ends(w, "eed") && w.length - 1 >= 4) w = w.slice(0, -1);
    else if (ends(w, "ed") && w.length - 2 >= 3 && hasVowel(w.slice(0, -2))) w = w.slice(0, -2);
    else if (ends(w, "ing") && w.length - 3 >= 3 && hasVowel(w.slice(0, -3))) w = w.slice(0, -3);
    if (ends(w, "e") && w.length - 1 >= 3) w = w.slice(0, -1);
    var n = w.length;
    if (n >= 3 && w.charAt(n - 1) === w.charAt(n - 2) && "aeiouylsz".indexOf(w.charAt(n - 1)) < 0) w = w.slice(0, -1);
    return w;
  }

  // slug: a heading's id from its ASCII text (search.Slug); "" otherwise.
  function slug(text) {
    var out = "", dash = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (text.charCodeAt(i) >= 0x80) return "";
      if (/[A-Za-z0-9]/.test(c)) {
        if (dash && out) out += "-";
        dash = false;
        out += c.toLowerCase();
      } else if (" -_\t/.".indexOf(c) >= 0) {
        dash = true;
      }
    }
    return out;
  }

  // --- The index ---------------------------------------------------------

  var VLQ = {};
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("").forEach(function (c, i) { VLQ[c] = i; });

  // frontDecoded reads the front-coded term list: each term is a capital
  // letter, the number of code units it shares with the one before (A
  // for none), then the rest of it, in lower case.
  function frontDecoded(list) {
    var terms = [], prev = "", start = 0;
    for (var i = 1; i <= list.length; i++) {
      var c = i < list.length ? list.charCodeAt(i) : 65;
      if (c >= 65 && c <= 90) {
        prev = prev.slice(0, list.charCodeAt(start) - 65) + list.slice(start + 1, i);
        terms.push(prev);
        start = i;
      }
    }
    return terms;
  }

  function Index(raw) {
    this.sections = raw.sections || [];
    this.rows = raw.pages || [];
    this.terms = frontDecoded(raw.terms || "");
    this.postings = raw.postings ? raw.postings.split(" ") : [];
    this.pages = new Array(this.rows.length); // decoded rows, on demand
  }

  // lowerBound: the first term index whose term is >= s.
  Index.prototype.lowerBound = function (s) {
    var lo = 0, hi = this.terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (this.terms[mid] < s) lo = mid + 1; else hi = mid;
    }
    return lo;
  };

  // decode calls fn(page, flags, part, tf) for every posting of term t.
  Index.prototype.decode = function (t, fn) {
    var s = this.postings[t] || "", pos = 0, page = -1;
    function num() {
      var v = 0, shift = 0, d;
      do {
        d = VLQ[s.charAt(pos++)];
        v |= (d & 31) << shift;
        shift += 5;
      } while (d >= 32 && pos < s.length);
      return v;
    }
    while (pos < s.length) {
      var v = num(), flags = v & 15, part = 0, tf = 0;
      page += (v >> 4) + 1;
      if (flags & (IN_HEADING | IN_BODY)) {
        var w = num();
        part = w >> 2;
        tf = w & 3;
      }
      fn(page, flags, part, tf);
    }
  };

  Index.prototype.page = function (i) {
    var p = this.pages[i];
    if (p) return p;
    var f = this.rows[i].split("\t");
    p = { url: f[0], title: f[1], section: f[2] === "" ? "" : this.sections[+f[2]] || "", summary: f[3] || "", intro: f[4] || "",
      parts: [{ id: "", heading: "", snippet: f[4] || "" }] };
    for (var k = 5; k + 2 < f.length; k += 3) {
      p.parts.push({ id: f[k] || slug(f[k + 1]), heading: f[k + 1], snippet: f[k + 2] || "" });
    }
    this.pages[i] = p;
    return p;
  };

  // search runs a query: every word must match (the last one also as a
  // prefix while it is being typed). It returns {total, results, terms}:
  // results are the best MAX_RESULTS, each {page, part, titleHit}.
  Index.prototype.search = function (q) {
    var words = [];
    eachWord(q, function (s, e, w) { words.push({ word: w, end: e }); });
    var typing = words.length > 0 && words[words.length - 1].end === q.length;
    var clauses = [];
    var self = this;
    words.forEach(function (w, k) {
      var t = term(w.word), ids = [], exact = {};
      if (t) {
        var i = self.lowerBound(t);
        if (self.terms[i] === t) { ids.push(i); exact[i] = true; }
      }
      if (k === words.length - 1 && typing) {
        var p = norm(w.word);
        if (p) {
          for (var j = self.lowerBound(p); j < self.terms.length && ids.length < MAX_PREFIX_TERMS; j++) {
            if (self.terms[j].slice(0, p.length) !== p) break;
            if (!exact[j]) ids.push(j);
          }
        }
        if (!t && !ids.length && !p) return;
      } else if (!t) {
        return; // a stop word
      }
      clauses.push({ ids: ids, exact: exact });
    });
    var matched = new Set();
    if (!clauses.length) return { total: 0, results: [], terms: matched };

    var n = this.rows.length;
    var score = new Float64Array(n), count = new Int32Array(n);
    var part = new Int32Array(n).fill(-1), partScore = new Float64Array(n), titleHit = new Uint8Array(n);
    var best = new Float64Array(n), bestPart = new Int32Array(n), bestFlags = new Int32Array(n);
    var live = null; // pages matching every clause so far
    for (var c = 0; c < clauses.length; c++) {
      var touched = [];
      clauses[c].ids.forEach(function (t) {
        var list = [];
        self.decode(t, function (pg, flags, pt, tf) { list.push(pg, flags, pt, tf); });
        var idf = Math.log(1 + n / Math.max(1, list.length / 4));
        var factor = clauses[c].exact[t] ? 1 : PREFIX_FACTOR;
        for (var k = 0; k < list.length; k += 4) {
          var pg = list[k], flags = list[k + 1];
          if (c > 0 && count[pg] !== c) continue;
          matched.add(self.terms[t]);
          var s = idf * factor * ((flags & IN_TITLE ? W_TITLE : 0) + (flags & IN_HEADING ? W_HEADING : 0) +
            (flags & IN_SUMMARY ? W_SUMMARY : 0) + (flags & IN_BODY ? W_BODY * (1 + 0.5 * list[k + 3]) : 0));
          if (best[pg] === 0) touched.push(pg);
          if (s > best[pg]) { best[pg] = s; bestFlags[pg] = flags; bestPart[pg] = flags & (IN_HEADING | IN_BODY) ? list[k + 2] : -1; }
        }
      });
      for (var k = 0; k < touched.length; k++) {
        var pg = touched[k];
        count[pg] = c + 1;
        score[pg] += best[pg];
        if (bestFlags[pg] & IN_TITLE) titleHit[pg] = 1;
        // Link to the part of the best heading or body hit; headings first.
        var ps = best[pg] * (bestFlags[pg] & IN_HEADING ? 2 : 1);
        if (bestPart[pg] >= 0 && ps > partScore[pg]) { partScore[pg] = ps; part[pg] = bestPart[pg]; }
        best[pg] = 0;
      }
      live = touched;
    }
    var hits = [];
    for (var i = 0; i < live.length; i++) if (count[live[i]] === clauses.length) hits.push(live[i]);
    hits.sort(function (a, b) { return score[b] - score[a] || a - b; });
    function shows() {
      for (var i = 0; i < arguments.length; i++) if (marks(arguments[i], matched)) return true;
      return false;
    }
    var results = hits.slice(0, MAX_RESULTS).map(function (pg) {
      var p = self.page(pg), r = { page: pg, part: 0, titleHit: !!titleHit[pg] };
      // The part the postings point to, unless none of its words shows in
      // the index's short snippet and another part's do: link to where the
      // reader will see the word.
      if (!r.titleHit) {
        r.part = Math.max(part[pg], 0);
        var showsPart = function (k) {
          return k === 0 ? shows(p.summary, p.intro) : shows(p.parts[k].heading, p.parts[k].snippet);
        };
        if (!showsPart(r.part)) {
          for (var k = 0; k < p.parts.length; k++) if (showsPart(k)) { r.part = k; break; }
        }
      }
      if (r.part > 0) r.snippet = p.parts[r.part].snippet;
      else if (!shows(p.summary) && shows(p.intro) || p.summary === "") r.snippet = p.intro;
      else r.snippet = p.summary;
      return r;
    });
    return { total: hits.length, results: results, terms: matched };
  };

  // marks: does text hold a word whose term is in terms?
  function marks(text, terms) {
    var found = false;
    if (text) eachWord(text, function (s, e, w) { if (!found && terms.has(term(w))) found = true; });
    return found;
  }

  // --- The page ----------------------------------------------------------

  // highlight appends text to el, each word whose term is in terms inside
  // a <mark>; overlapping words (the pairs of a Chinese run) share one, as
  // search.Marks has it. Text nodes only: nothing from the index is parsed
  // as HTML.
  function highlight(el, text, terms) {
    var at = 0, m = null;
    eachWord(text, function (s, e, w) {
      var t = term(w);
      if (!t || !terms.has(t)) return;
      if (m && s < at) {
        m.textContent += text.slice(at, e);
        at = e;
        return;
      }
      if (s > at) el.appendChild(document.createTextNode(text.slice(at, s)));
      m = document.createElement("mark");
      m.textContent = text.slice(s, e);
      el.appendChild(m);
      at = e;
    });
    if (at < text.length) el.appendChild(document.createTextNode(text.slice(at)));
    return el;
  }

  function span(cls) {
    var s = document.createElement("span");
    s.className = cls;
    return s;
  }

  function start(form) {
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector("[role=listbox]");
    var status = form.querySelector("[role=status]");
    var root = form.getAttribute("data-root") || "./";
    var src = form.getAttribute("data-index");
    var index = null, loading = false, timer = 0, active = -1, shown = [];

    form.hidden = false;

    function say(text) { status.textContent = text; }

    function load() {
      if (index || loading) return;
      loading = true;
      var s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onload = function () {
        performance.mark("gloss-search:index-loaded");
        index = new Index(window.glossSearchIndex || {});
        loading = false;
        run();
      };
      s.onerror = function () {
        loading = false;
        say("The search index could not be loaded.");
        s.remove();
      };
      performance.mark("gloss-search:index-requested");
      document.head.appendChild(s);
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function select(i) {
      var items = shown;
      if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
      active = i;
      if (i < 0 || !items[i]) { input.removeAttribute("aria-activedescendant"); return; }
      items[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[i].id);
      items[i].scrollIntoView({ block: "nearest" });
    }

    function run() {
      clearTimeout(timer);
      timer = 0;
      var q = input.value;
      list.textContent = "";
      shown = [];
      active = -1;
      if (!q.trim()) { close(); say(""); return; }
      if (!index) {
        if (loading) say("Loading the search index…");
        load();
        return;
      }
      performance.mark("gloss-search:query");
      var r = index.search(q);
      r.results.forEach(function (res, i) {
        var p = index.page(res.page);
        var pt = res.part > 0 ? p.parts[res.part] : null;
        // The link is the option itself: an option may hold no control.
        var li = document.createElement("li");
        li.setAttribute("role", "none");
        var a = document.createElement("a");
        a.id = "_search-r" + i;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        a.href = root + p.url + (pt && pt.id ? "#" + pt.id : "");
        a.tabIndex = -1;
        a.appendChild(highlight(span("search-title"), p.title, r.terms));
        var where = [p.section, pt ? pt.heading : ""].filter(Boolean);
        if (where.length) {
          var meta = span("search-meta");
          if (p.section) meta.appendChild(document.createTextNode(p.section));
          if (pt) {
            if (p.section) meta.appendChild(document.createTextNode(" › "));
            highlight(meta, pt.heading, r.terms);
          }
          a.appendChild(meta);
        }
        if (res.snippet) a.appendChild(highlight(span("search-snippet"), res.snippet, r.terms));
        li.appendChild(a);
        list.appendChild(li);
        shown.push(a);
      });
      list.setAttribute("data-query", q); // what the list shows results for
      list.hidden = shown.length === 0;
      input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      input.removeAttribute("aria-activedescendant");
      if (r.total === 0) say("No results");
      else if (r.total === 1) say("1 result");
      else if (r.total > shown.length) say(r.total + " results, the first " + shown.length + " shown");
      else say(r.total + " results");
      void list.offsetHeight; // lay the results out, so that the mark below is when they can be seen
      performance.mark("gloss-search:results");
    }

    input.addEventListener("focus", function () {
      load();
      if (shown.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
    });
    input.addEventListener("input", function () {
      load();
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (timer) run();
        if (!shown.length) return;
        e.preventDefault();
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        var n = shown.length;
        select(e.key === "ArrowDown" ? (active + 1) % n : (active <= 0 ? n : active) - 1);
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (timer) run();
        var a = shown[active >= 0 ? active : 0];
        if (a) {
          close();
          window.location.href = a.href;
        }
      } else if (e.key === "Escape") {
        e.preventDefault();
        input.value = "";
        list.textContent = "";
        shown = [];
        close();
        say("");
      }
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    // A click on a result must not take the focus from the box first:
    // the list would close before the click lands.
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    form.addEventListener("focusout", function (e) {
      if (!e.relatedTarget || !form.contains(e.relatedTarget)) close();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      var t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      input.focus();
    });
  }

  // For tests and curious readers: the query side's functions.
  window.glossSearch = { eachWord: eachWord, term: term, stem: stem, slug: slug, Index: Index, highlight: highlight };

  function init() {
    var form = document.querySelector("form.search[data-index]");
    if (form) start(form);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
