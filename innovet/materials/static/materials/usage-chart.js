// Bar chart of where a material was used, drawn from the json_script block next to the table.
(function () {
  "use strict";
  var canvas = document.getElementById("gebruik-grafiek");
  var data = document.getElementById("gebruik-data");
  if (!canvas || !data || typeof Chart === "undefined") { return; }
  var figures = JSON.parse(data.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: figures.labels,
      datasets: [{ label: figures.title, data: figures.counts, backgroundColor: "#0b5c55" }]
    },
    options: {
      indexAxis: "y",
      responsive: true,
      animation: false,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
    }
  });
})();
