// Small enhancements; every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Bring a passage reached from a search into view with keyboard focus.
  function focusTarget() {
    if (!location.hash) return;
    var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!el) return;
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "center" });
  }

  // The sort selector applies itself when picked with a pointer (its button is hidden when this
  // script runs). Arrow keys also change a closed <select>, so a keyboard user gets the button
  // back instead of being sent to another page on every key press.
  function autoSubmitSort() {
    var select = document.getElementById("sort");
    if (!select || !select.form) return;
    var form = select.form;
    select.addEventListener("keydown", function () { form.classList.add("keyboard"); });
    select.addEventListener("change", function () {
      if (!form.classList.contains("keyboard")) form.submit();
    });
  }

  document.addEventListener("DOMContentLoaded", function () { autoSubmitSort(); focusTarget(); });
  window.addEventListener("hashchange", focusTarget);
  // the browser scrolls to the fragment itself once the page has loaded: centre the passage after it
  window.addEventListener("load", function () { requestAnimationFrame(focusTarget); });
})();
