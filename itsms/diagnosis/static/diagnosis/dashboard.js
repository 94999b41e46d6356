// Draws the conformity-by-clause chart from the JSON the page embeds (no inline script: CSP friendly).
(function () {
  var data = JSON.parse(document.getElementById("conformity-data").textContent);
  var canvas = document.getElementById("conformity-chart");
  if (!canvas || typeof Chart === "undefined") return;
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map(function (s) {
        return { label: s.label, data: s.data, backgroundColor: s.color };
      }),
    },
    options: {
      indexAxis: "y",
      responsive: true,
      scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } },
    },
  });
})();
