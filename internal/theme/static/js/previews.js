/* gloss link previews: a link in the page's main content to another page
 * of the site shows, on hover and on keyboard focus, a card with that
 * page's title, summary and facts.
 *
 * The cards are in the page already: the build makes one from the theme's
 * layouts/_partials/preview.html for every page this page links to, and
 * the page carries each in a <template class="preview" data-href="URL">
 * (layouts/_partials/previews.html). So there is no fetch, and this works
 * from file:// as from any base path; with JavaScript off, templates stay
 * inert and links are plain links.
 *
 * A link to a list item of this page (a citation pointing into the list
 * of sources) shows a copy of that item. Footnote references do not:
 * their sidenotes show them.
 *
 * Pointer: the card shows after a short hover and stays while the pointer
 * is on the link or the card; it leaves shortly after the pointer does.
 * Keyboard: it shows while the link has the focus. Escape hides it either
 * way. Touch: the first tap on a link with a card shows the card, with
 * "Open page" and "Close"; a second tap on the link opens it.
 */
(function () {
  "use strict";

  var SHOW_DELAY_MS = 350; // hover this long before a card shows: passing over a link shows nothing
  var SWITCH_DELAY_MS = 100; // from one link to another while a card is shown
  var HIDE_DELAY_MS = 300; // grace for the pointer to move from the link into the card
  var GAP = 6; // px between the link's line and the card
  var MARGIN = 8; // px kept free between the card and the viewport's edges
  var ID = "_preview";

  // key: a URL as compared between links and cards: absolute, without
  // query or fragment.
  function key(href) {
    try {
      var u = new URL(href, document.baseURI);
      u.hash = "";
      u.search = "";
      return u.href;
    } catch (e) {
      return "";
    }
  }

  function start(main, templates) {
    var cards = Object.create(null); // key -> template
    for (var i = 0; i < templates.length; i++) {
      var k = key(templates[i].getAttribute("data-href"));
      if (k) cards[k] = templates[i];
    }
    var here = key(location.href);

    var card = document.createElement("div");
    card.id = ID;
    card.className = "preview-card";
    card.hidden = true;
    var body = document.createElement("div");
    body.className = "preview-body";
    var actions = document.createElement("div");
    actions.className = "preview-actions";
    var open = document.createElement("a");
    open.className = "preview-open";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "preview-close";
    close.textContent = "Close";
    actions.appendChild(open);
    actions.appendChild(close);
    card.appendChild(body);
    card.appendChild(actions);
    document.body.appendChild(card);

    var current = null; // the link whose card is shown
    var mode = ""; // how it was shown: "hover", "focus" or "touch"
    var overLink = null; // the link under the pointer
    var overCard = false;
    var muted = null; // the link whose card Escape hid, until the pointer leaves it
    var showTimer = 0, hideTimer = 0, frame = 0;
    var lastPointer = ""; // pointerType of the last pointerdown
    var pressed = false; // the last input was a pointer press, not a key
    var focused = null; // the link that has the focus, unless a press gave it
    var restoring = false; // moving the focus back to the link ourselves

    // linkOf: the previewable link at or around node, or null.
    function linkOf(node) {
      var a = node && node.closest ? node.closest("a[href]") : null;
      if (!a || !main.contains(a) || a.hasAttribute("download")) return null;
      var role = a.getAttribute("role");
      if (role === "doc-noteref" || role === "doc-backlink") return null;
      return source(a) ? a : null;
    }

    // source: what a's card shows: {page: template} for another page,
    // {item: element} for a list item of this page, or null.
    function source(a) {
      var k = key(a.href);
      if (k !== here) return cards[k] ? { page: cards[k] } : null;
      if (!a.hash) return null;
      var id;
      try { id = decodeURIComponent(a.hash.slice(1)); } catch (e) { return null; }
      var el = document.getElementById(id);
      return el && el.tagName === "LI" && !card.contains(el) ? { item: el } : null;
    }

    function fill(a) {
      var src = source(a);
      body.textContent = "";
      if (src.page) {
        body.appendChild(src.page.content.cloneNode(true));
      } else {
        var copy = src.item.cloneNode(true);
        // A copy must not repeat ids, nor add stops to the tab order.
        copy.removeAttribute("id");
        var inner = copy.querySelectorAll("[id], a[href], [role=doc-backlink]");
        for (var i = 0; i < inner.length; i++) {
          if (inner[i].getAttribute("role") === "doc-backlink") { inner[i].remove(); continue; }
          inner[i].removeAttribute("id");
          if (inner[i].tagName === "A") inner[i].tabIndex = -1;
        }
        var div = document.createElement("div");
        div.className = "preview-item";
        while (copy.firstChild) div.appendChild(copy.firstChild);
        body.appendChild(div);
      }
      open.href = a.href;
      open.textContent = src.page ? "Open page" : "Go to it";
    }

    function describe(a, on) {
      var ids = (a.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (s) { return s && s !== ID; });
      if (on) ids.push(ID);
      if (ids.length) a.setAttribute("aria-describedby", ids.join(" "));
      else a.removeAttribute("aria-describedby");
    }

    function show(a, how) {
      clearTimeout(showTimer);
      clearTimeout(hideTimer);
      if (current !== a) {
        if (current) describe(current, false);
        fill(a);
        current = a;
        describe(a, true);
      }
      mode = how;
      var touch = how === "touch";
      actions.hidden = !touch;
      // With buttons in it, the card is a small dialog; otherwise a tooltip.
      card.setAttribute("role", touch ? "dialog" : "tooltip");
      if (touch) card.setAttribute("aria-label", "Preview of the link " + a.textContent.trim());
      else card.removeAttribute("aria-label");
      card.hidden = false;
      place();
    }

    function hide() {
      clearTimeout(showTimer);
      clearTimeout(hideTimer);
      if (!current) return;
      describe(current, false);
      card.hidden = true;
      current = null;
      mode = "";
      overCard = false;
    }

    // place puts the card below the link's last line, or above its first
    // when there is more room there, never over the link itself, inside
    // the viewport (shorter, and scrolling, when it does not fit).
    function place() {
      frame = 0;
      if (!current) return;
      var rects = current.getClientRects();
      var vw = document.documentElement.clientWidth, vh = window.innerHeight;
      if (!rects.length || rects[rects.length - 1].bottom < 0 || rects[0].top > vh) {
        hide(); // the link left the viewport
        return;
      }
      var first = rects[0], last = rects[rects.length - 1];
      card.style.left = "0px";
      card.style.top = "0px";
      card.style.maxHeight = "";
      var w = card.offsetWidth, h = card.offsetHeight;
      var below = vh - last.bottom - GAP - MARGIN, above = first.top - GAP - MARGIN;
      var down = h <= below || below >= above;
      var room = Math.max(down ? below : above, 0);
      if (h > room) {
        card.style.maxHeight = room + "px";
        h = card.offsetHeight;
      }
      var at = down ? last : first;
      var left = Math.max(MARGIN, Math.min(at.left, vw - w - MARGIN));
      card.style.left = Math.round(left) + "px";
      card.style.top = Math.round(down ? last.bottom + GAP : first.top - GAP - h) + "px";
      card.classList.toggle("preview-above", !down);
    }

    function later() {
      if (current && !frame) frame = requestAnimationFrame(place);
    }

    // settle hides the card unless something still holds it open.
    function settle() {
      clearTimeout(hideTimer);
      hideTimer = setTimeout(function () {
        if (!current || mode === "touch" || overCard || overLink === current) return;
        if (focused === current) { mode = "focus"; return; }
        hide();
      }, HIDE_DELAY_MS);
    }

    main.addEventListener("pointerover", function (e) {
      if (e.pointerType === "touch") return;
      var a = linkOf(e.target);
      if (!a || a === overLink) return;
      overLink = a;
      clearTimeout(hideTimer);
      if (current === a || muted === a) return;
      clearTimeout(showTimer);
      showTimer = setTimeout(function () {
        if (overLink === a && mode !== "touch") show(a, "hover");
      }, current ? SWITCH_DELAY_MS : SHOW_DELAY_MS);
    });
    main.addEventListener("pointerout", function (e) {
      if (e.pointerType === "touch") return;
      var a = linkOf(e.target);
      if (!a || a !== overLink || a.contains(e.relatedTarget)) return;
      overLink = null;
      if (muted === a) muted = null;
      clearTimeout(showTimer);
      if (current === a) settle();
    });
    card.addEventListener("pointerenter", function (e) {
      if (e.pointerType === "touch") return;
      overCard = true;
      clearTimeout(hideTimer);
    });
    card.addEventListener("pointerleave", function (e) {
      if (e.pointerType === "touch") return;
      overCard = false;
      if (current) settle();
    });

    main.addEventListener("focusin", function (e) {
      var a = linkOf(e.target);
      // A press focuses the link it lands on: hover and taps handle those.
      if (!a || pressed || restoring || mode === "touch") return;
      focused = a;
      muted = null;
      show(a, "focus");
    });
    main.addEventListener("focusout", function (e) {
      if (e.target === focused) focused = null;
      if (!current || e.target !== current || mode === "touch") return;
      if (card.contains(e.relatedTarget)) return;
      if (overLink === current || overCard) { mode = "hover"; return; }
      hide();
    });

    document.addEventListener("keydown", function () { pressed = false; }, true);
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" || !current) return;
      var a = current;
      var inCard = card.contains(document.activeElement);
      muted = overLink === a ? a : null;
      hide();
      if (inCard) {
        restoring = true;
        a.focus();
        restoring = false;
      }
    });

    // Touch: the first tap shows the card, the second opens the page.
    document.addEventListener("pointerdown", function (e) {
      lastPointer = e.pointerType || "";
      pressed = true;
      if (current && mode === "touch" && !card.contains(e.target) && linkOf(e.target) !== current) hide();
    }, true);
    main.addEventListener("click", function (e) {
      if (e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      var a = linkOf(e.target);
      if (!a) return;
      // The click's own pointerType where browsers give it; else the last
      // pointerdown's, for clicks made by a pointer (detail > 0: not a key).
      var type = typeof e.pointerType === "string" ? e.pointerType : e.detail > 0 ? lastPointer : "";
      var touch = type === "touch" || (type === "" && e.detail > 0 && !!window.matchMedia &&
        matchMedia("(pointer: coarse)").matches);
      if (!touch || (current === a && mode === "touch")) return; // open it
      e.preventDefault();
      show(a, "touch");
    });
    close.addEventListener("click", function () {
      var a = current, inCard = card.contains(document.activeElement);
      hide();
      if (a && inCard) {
        restoring = true;
        a.focus();
        restoring = false;
      }
    });

    window.addEventListener("scroll", later, { passive: true, capture: true });
    window.addEventListener("resize", later);
    window.addEventListener("pagehide", hide);
  }

  function init() {
    var main = document.querySelector("main");
    if (main) start(main, document.querySelectorAll("template.preview[data-href]"));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
