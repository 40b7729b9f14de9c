// Charts for survey reports. Each <canvas data-chart="ID"> is drawn from the json_script block with that
// ID; the same figures are always in a table next to the chart.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var palette = ["#0b5c55", "#a3400c", "#3b6fb6", "#7a5c00", "#6b3fa0", "#2f7d32", "#8a1c4a", "#44505c", "#b35c00", "#006d8f"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var stacked = canvas.hasAttribute("data-stacked");
    var horizontal = canvas.hasAttribute("data-horizontal") || spec.type === "funnel";
    var datasets = spec.datasets.map(function (d, i) {
      return {
        label: d.label,
        data: d.data,
        backgroundColor: stacked ? palette[i % palette.length] : palette[0],
      };
    });
    var percent = spec.type !== "funnel";
    var valueAxis = {
      beginAtZero: true,
      stacked: stacked,
      max: stacked ? 100 : undefined,
      ticks: { callback: function (v) { return percent ? v + "%" : v; } },
    };
    var labelAxis = { stacked: stacked, ticks: { autoSkip: false } };
    new Chart(canvas, {
      type: "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: horizontal || stacked ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        scales: horizontal || stacked ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: { display: stacked },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var v = ctx.parsed[horizontal || stacked ? "x" : "y"];
                return (ctx.dataset.label ? ctx.dataset.label + ": " : "") + String(v).replace(".", ",") + (percent ? "%" : "");
              },
            },
          },
        },
      },
    });
  });
})();
