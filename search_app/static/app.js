// Small enhancements; every page works without this file.
(function () {
  "use strict";
  // Bring a passage reached from a search into view with keyboard focus.
  function focusTarget() {
    if (!location.hash) return;
    var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (el) { el.setAttribute("tabindex", "-1"); el.focus({ preventScroll: false }); }
  }
  document.addEventListener("DOMContentLoaded", focusTarget);
  window.addEventListener("hashchange", focusTarget);
})();
