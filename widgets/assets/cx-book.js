/* Small accessibility repairs to the book theme (WCAG 2.5.3 Label in Name):
   the search buttons' accessible name must contain their visible text, and the icons inside the
   colour-mode button are decorative (the button is named "Color mode"). */
(function () {
  "use strict";
  function repair() {
    document.querySelectorAll("button.search-button__button[aria-label]").forEach(function (b) {
      b.removeAttribute("aria-label");
    });
    document.querySelectorAll(".theme-switch-button svg, .theme-switch-button i").forEach(function (icon) {
      icon.setAttribute("aria-hidden", "true");
      icon.removeAttribute("aria-labelledby");
      icon.removeAttribute("role");
      var title = icon.querySelector("title");
      if (title) { title.remove(); }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", repair);
  } else {
    repair();
  }
  window.addEventListener("load", repair);
  // Font Awesome swaps <i> icons for <svg> after load; repair those too.
  new MutationObserver(function (records) {
    if (records.some(function (r) { return r.addedNodes.length; })) { repair(); }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
