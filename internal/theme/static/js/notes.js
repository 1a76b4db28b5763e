// Sidenotes: each footnote's text follows its reference as
// <span class="sidenote">. On wide screens the stylesheet floats it into
// the margin; on narrow ones it is hidden until its reference, which this
// script turns into a button, opens it in place. Without this script the
// reference stays a link to the list of notes at the end of the text.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 72rem)");
  var toggles = [];

  function noteOf(button) {
    return document.getElementById(button.getAttribute("aria-controls"));
  }

  function setOpen(button, open) {
    var note = noteOf(button);
    if (!note) return;
    note.classList.toggle("is-open", open);
    button.setAttribute("aria-expanded", open || wide.matches ? "true" : "false");
  }

  function init() {
    var links = document.querySelectorAll("a.footnote-ref[href^='#']");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var num = link.textContent;
      var sup = link.parentNode;
      var note = sup.nextElementSibling;
      if (!note || !note.classList.contains("sidenote")) continue;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "footnote-ref sidenote-toggle";
      button.id = link.id; // the list's back-links point here
      button.setAttribute("aria-controls", note.id);
      button.setAttribute("aria-label", "Note " + num);
      button.textContent = num;
      sup.replaceChild(button, link);
      toggles.push(button);
      button.addEventListener("click", onClick);
    }
    if (toggles.length === 0) return;
    document.documentElement.classList.add("sidenotes-js");
    sync();
    if (wide.addEventListener) wide.addEventListener("change", sync);
    document.addEventListener("keydown", onKey);
  }

  // sync keeps aria-expanded true wherever the notes are on show: all of
  // them on wide screens, the opened ones on narrow.
  function sync() {
    for (var i = 0; i < toggles.length; i++) {
      var note = noteOf(toggles[i]);
      setOpen(toggles[i], !!note && note.classList.contains("is-open"));
    }
  }

  function onClick(ev) {
    var button = ev.currentTarget;
    var note = noteOf(button);
    if (!note) return;
    if (wide.matches) {
      // The note is beside the text already: point at it.
      note.classList.remove("is-flashed");
      void note.offsetWidth; // restart the highlight
      note.classList.add("is-flashed");
      return;
    }
    setOpen(button, !note.classList.contains("is-open"));
  }

  // Escape closes the open note the focus is on or in, and returns the
  // focus to its button.
  function onKey(ev) {
    if (ev.key !== "Escape" || wide.matches) return;
    var el = document.activeElement;
    for (var i = 0; i < toggles.length; i++) {
      var note = noteOf(toggles[i]);
      if (!note || !note.classList.contains("is-open")) continue;
      if (el === toggles[i] || note.contains(el)) {
        setOpen(toggles[i], false);
        toggles[i].focus();
        ev.preventDefault();
        return;
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
