/* Draw every <figure class="cx-chart"> on the page with the locally served
   Vega bundle (window.vegaEmbed). No network: specs carry their data inline. */
(function () {
  "use strict";
  function draw() {
    if (typeof window.vegaEmbed !== "function") { return; }
    document.querySelectorAll("figure.cx-chart").forEach(function (figure) {
      if (figure.dataset.cxDrawn) { return; }
      var specNode = figure.querySelector("script.cx-chart-spec");
      var view = figure.querySelector(".cx-chart-view");
      if (!specNode || !view) { return; }
      figure.dataset.cxDrawn = "1";
      var spec;
      try { spec = JSON.parse(specNode.textContent); } catch (e) { return; }
      window.vegaEmbed(view, spec, { actions: false, renderer: "svg" }).then(function () {
        // A chart wider than the column scrolls sideways: let the keyboard reach and scroll it too
        // (WCAG 2.1.1; axe: scrollable-region-focusable). Its figcaption names it.
        if (figure.scrollWidth > figure.clientWidth) { figure.tabIndex = 0; }
        figure.dataset.cxRendered = "1";
      }).catch(function () {
        figure.dataset.cxRendered = "error";
        view.textContent = "The chart could not be drawn; its description follows.";
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
