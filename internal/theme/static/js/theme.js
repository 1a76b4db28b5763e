/* The reader's choice of a light or dark theme.
 *
 * Without a choice, the page follows the system's setting through the
 * stylesheets' prefers-color-scheme rules. A choice made with the theme
 * button (#_theme in layouts/_base.html) is kept in localStorage and set
 * as data-theme="light" or "dark" on <html>, which every stylesheet
 * honours above the system's setting.
 *
 * A classic script loaded in <head> without defer, so that a stored
 * choice applies before the page is first painted (no flash of the other
 * theme). It works from file:// too; where storage is refused (some
 * private modes), the choice lasts for the page.
 */
(function () {
  "use strict";
  var KEY = "gloss-theme";
  var root = document.documentElement;
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var button = null;

  function stored() {
    try {
      var v = window.localStorage.getItem(KEY);
      return v === "light" || v === "dark" ? v : "";
    } catch (e) {
      return "";
    }
  }

  // current is the theme on show: the choice, else the system's.
  function current() {
    var t = root.getAttribute("data-theme");
    if (t === "light" || t === "dark") return t;
    return system && system.matches ? "dark" : "light";
  }

  function sync() {
    // The theme a press switches to, which the button names.
    if (button) button.setAttribute("data-to", current() === "dark" ? "light" : "dark");
  }

  function apply(theme) {
    if (theme) root.setAttribute("data-theme", theme);
    else root.removeAttribute("data-theme");
    sync();
  }

  apply(stored());

  function init() {
    button = document.getElementById("_theme");
    if (!button) return;
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      apply(next);
      try {
        window.localStorage.setItem(KEY, next);
      } catch (e) { /* the choice lasts for this page */ }
    });
    if (system && system.addEventListener) system.addEventListener("change", sync);
    // A choice made in another tab of the site.
    window.addEventListener("storage", function (e) {
      if (e.key === KEY || e.key === null) apply(stored());
    });
    sync();
    button.hidden = false;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
