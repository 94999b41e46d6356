// The objective's results against its target. A static file, not an inline script, so the page's
// Content-Security-Policy can refuse inline script; the data comes from a JSON block (json_script) and
// the translated labels from the canvas's data- attributes.
document.addEventListener("DOMContentLoaded", function () {
  var canvas = document.getElementById("objective-chart");
  var source = document.getElementById("objective-data");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  var d = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: d.labels,
      datasets: [
        {label: canvas.dataset.labelResult, data: d.values, borderColor: "#0d6efd"},
        {
          label: canvas.dataset.labelTarget,
          data: d.labels.map(function () { return d.target; }),
          borderColor: "#dc3545",
          borderDash: [5, 4],
          pointRadius: 0
        }
      ]
    }
  });
});
