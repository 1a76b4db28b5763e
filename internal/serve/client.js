// gloss serve: live reload and build-error overlay. Injected only by the dev
// server, never part of a build. A classic script with no dependencies.
(function () {
  "use strict";
  if (!window.EventSource || window.__glossClient) return;
  window.__glossClient = true;

  var build = -1; // the build this page shows, from the first hello
  var overlay = null; // the overlay's host element while it is showing
  var lastFocus = null;
  var es = null;

  // The page's own URL as the server names it: /x/index.html is /x/.
  function here() {
    var p = location.pathname;
    try { p = decodeURIComponent(p); } catch (e) {}
    return p.replace(/\/index\.html$/, "/");
  }

  function data(e) {
    try { return JSON.parse(e.data); } catch (err) { return null; }
  }

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet" i]');
    for (var i = 0; i < links.length; i++) {
      var u = new URL(links[i].href, location.href);
      if (u.origin !== location.origin) continue;
      u.searchParams.set("_gloss", String(Date.now()));
      links[i].href = u.href;
    }
  }

  function onHello(e) {
    var d = data(e);
    if (!d) return;
    if (build < 0) build = d.build;
    else if (d.build !== build) location.reload(); // a restarted server or a missed build
  }

  function onReload(e) {
    var d = data(e);
    if (!d) return;
    var paths = d.paths || [];
    // With an overlay up, or on the placeholder served before any build,
    // the page is stale whatever changed.
    if (overlay || build === 0) { location.reload(); return; }
    build = d.build;
    var cssOnly = paths.length > 0;
    for (var i = 0; i < paths.length; i++) {
      if (!/\.css$/.test(paths[i])) { cssOnly = false; break; }
    }
    if (cssOnly) { swapStylesheets(); return; }
    if (paths.indexOf(here()) >= 0) location.reload();
  }

  function line(d) {
    return (d.file || "?") + ":" + (d.line || 1) + ":" + (d.col || 1) + ": " +
      (d.severity === "warning" ? "warning: " : "") + d.message +
      (d.hint ? " (" + d.hint + ")" : "");
  }

  var css =
    ":host{all:initial}" +
    ".back{position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.6);" +
    "display:flex;align-items:flex-start;justify-content:center;padding:5vh 1em;box-sizing:border-box}" +
    ".box{background:#111;color:#fff;border:3px solid #ff5555;border-radius:6px;max-width:60em;width:100%;" +
    "max-height:90vh;overflow:auto;padding:1em 1.25em;box-sizing:border-box;" +
    "font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}" +
    "h2{margin:0 0 .5em;font:inherit;font-size:1.2em;font-weight:bold;color:#ff8080}" +
    "p{margin:0 0 1em;color:#ddd}" +
    "pre{margin:0 0 1em;white-space:pre-wrap;word-break:break-word;font:inherit;color:#fff}" +
    "button{font:inherit;color:#111;background:#fff;border:2px solid #fff;border-radius:4px;padding:.3em 1em;cursor:pointer}" +
    "button:focus{outline:3px solid #ffd700;outline-offset:2px}";

  function hideOverlay() {
    if (!overlay) return;
    overlay.parentNode && overlay.parentNode.removeChild(overlay);
    overlay = null;
    if (lastFocus && lastFocus.focus) lastFocus.focus();
    lastFocus = null;
  }

  function onError(e) {
    var d = data(e);
    if (!d) return;
    var diags = d.diagnostics || [];
    var text = [];
    for (var i = 0; i < diags.length; i++) text.push(line(diags[i]));
    if (!text.length) text.push("(no diagnostics)");

    var had = !!overlay;
    hideOverlay();
    if (!had) lastFocus = document.activeElement;
    // A shadow root keeps the site's own CSS off the overlay and the
    // overlay's off the site.
    var host = document.createElement("div");
    host.setAttribute("data-gloss-overlay", "");
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    root.innerHTML =
      "<style>" + css + "</style>" +
      '<div class="back"><div class="box" role="alertdialog" aria-modal="true" ' +
      'aria-labelledby="gloss-t" aria-describedby="gloss-l">' +
      '<h2 id="gloss-t"></h2><p></p><pre id="gloss-l"></pre>' +
      '<button type="button">Dismiss</button></div></div>';
    // textContent, never innerHTML: messages quote the author's sources.
    root.querySelector("h2").textContent = "gloss: build failed (" + diags.length +
      (diags.length === 1 ? " problem)" : " problems)");
    // The error names the last good build; 0 means there has been none,
    // and what this tab shows is the server's placeholder.
    root.querySelector("p").textContent = d.build > 0
      ? "Still serving the last good build. Fix the sources and save: this page reloads."
      : "No build has succeeded yet. Fix the sources and save: this page reloads.";
    root.querySelector("pre").textContent = text.join("\n");
    var button = root.querySelector("button");
    button.addEventListener("click", hideOverlay);
    (document.body || document.documentElement).appendChild(host);
    overlay = host;
    button.focus();
  }

  document.addEventListener("keydown", function (e) {
    if (overlay && (e.key === "Escape" || e.key === "Esc")) hideOverlay();
  });

  function connect() {
    es = new EventSource("/_gloss/events");
    es.addEventListener("hello", onHello);
    es.addEventListener("reload", onReload);
    es.addEventListener("error", function (e) {
      // The named event "error" shares its name with EventSource's own
      // connection errors, which carry no data.
      if (typeof e.data === "string") { onError(e); return; }
      // EventSource retries by itself after a dropped connection, but
      // gives up for good on a refused response (a server shutting down
      // answers 503): start over then, so a restarted server is found.
      if (es.readyState === EventSource.CLOSED) {
        es.close();
        setTimeout(connect, 1000);
      }
    });
  }
  connect();
})();
