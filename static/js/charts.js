/* Draws every chart of a page: <div data-chart="ID"> takes the figure JSON that the server
   put in <script type="application/json" id="ID"> (Django's json_script). No inline script. */
(function () {
  "use strict";
  function draw() {
    if (typeof Plotly === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source) { return; }
      var fig = JSON.parse(source.textContent);
      var printing = document.documentElement.classList.contains("pdf");
      Plotly.newPlot(el, fig.data, fig.layout, {
        displaylogo: false,
        displayModeBar: false,
        responsive: !printing,
        staticPlot: printing,
        modeBarButtonsToRemove: ["select2d", "lasso2d"]
      });
      el.setAttribute("data-drawn", "1");
    });
    document.documentElement.setAttribute("data-charts-drawn", "1");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
