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

  // The sort selector applies itself (its button is hidden when this script runs).
  function autoSubmitSort() {
    var select = document.getElementById("sort");
    if (select && select.form) {
      select.addEventListener("change", function () { select.form.submit(); });
    }
  }

  document.addEventListener("DOMContentLoaded", function () { autoSubmitSort(); focusTarget(); });
  window.addEventListener("hashchange", focusTarget);
})();
