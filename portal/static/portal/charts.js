// Charts drawn from the table beside them: the table is the data (accessible, copyable),
// the chart only shows it. A <canvas data-chart="bar|line" data-table="ID"> reads the
// table's header row for series names, the first cell of each body row for the label,
// and each other cell's data-value (a plain number) for the figures. Optional:
// data-stacked, data-horizontal, data-line="VALUE|LABEL" (a reference line, e.g. the
// 5-minute promise), data-bands="LOW:HIGH:LABEL,..." (shaded value bands, e.g. IKM A–D),
// data-series="2,3" (which columns to draw; default all). A static file, so a strict
// Content-Security-Policy (script-src 'self') allows it. Chart.js comes from npm (pinned).
"use strict";
(function () {
  const COLOURS = ["#0b5cad", "#d9822b", "#1f7a3a", "#b3261e", "#6a4c93", "#5b6775", "#0f8b8d", "#c2185b"];

  function readTable(table, only) {
    const heads = Array.from(table.tHead.rows[0].cells).map((cell) => cell.textContent.trim());
    const columns = only || heads.map((_, i) => i).slice(1);
    const labels = [];
    const series = columns.map((col) => ({ label: heads[col], data: [] }));
    for (const row of table.tBodies[0].rows) {
      if (row.dataset.total !== undefined || row.querySelector("[colspan]")) continue; // totals and "no data" are not plotted
      labels.push(row.cells[0].textContent.trim());
      columns.forEach((col, i) => {
        const cell = row.cells[col];
        const raw = cell ? cell.dataset.value : undefined;
        series[i].data.push(raw === undefined || raw === "" ? null : Number(raw));
      });
    }
    return { labels, series };
  }

  const referenceLines = {
    id: "pustakaLines",
    beforeDatasetsDraw(chart) {
      const canvas = chart.canvas;
      const horizontal = canvas.dataset.horizontal !== undefined;
      const scale = horizontal ? chart.scales.x : chart.scales.y;
      const across = canvas.dataset.lineAxis === "x" ? chart.scales.x : scale;
      const area = chart.chartArea;
      const ctx = chart.ctx;
      ctx.save();
      for (const band of (canvas.dataset.bands || "").split(",").filter(Boolean)) {
        const [low, high, name] = band.split(":");
        const a = scale.getPixelForValue(Number(low));
        const b = scale.getPixelForValue(Number(high));
        ctx.globalAlpha = 0.55;
        const index = (canvas.dataset.bands || "").split(",").indexOf(band);
        ctx.fillStyle = ["#fbe3e1", "#fff1d6", "#e8f1fb", "#dff3e4"][index % 4];
        if (horizontal) ctx.fillRect(a, area.top, b - a, area.bottom - area.top);
        else ctx.fillRect(area.left, b, area.right - area.left, a - b);
        ctx.globalAlpha = 1;
        ctx.fillStyle = "#5b6775";
        ctx.font = "12px sans-serif";
        if (horizontal) ctx.fillText(name, a + 4, area.top + 12);
        else ctx.fillText(name, area.right - 40, b + 14);
      }
      if (canvas.dataset.line) {
        const [value, name] = canvas.dataset.line.split("|");
        const at = across.getPixelForValue(Number(value));
        const vertical = across === chart.scales.x;
        ctx.strokeStyle = "#b3261e";
        ctx.lineWidth = 2;
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        if (vertical) { ctx.moveTo(at, area.top); ctx.lineTo(at, area.bottom); }
        else { ctx.moveTo(area.left, at); ctx.lineTo(area.right, at); }
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = "#b3261e";
        ctx.font = "bold 12px sans-serif";
        if (vertical) ctx.fillText(name || "", at + 4, area.top + 12);
        else ctx.fillText(name || "", area.left + 4, at - 4);
      }
      ctx.restore();
    },
  };

  function config(canvas) {
    const table = document.getElementById(canvas.dataset.table);
    const only = canvas.dataset.series ? canvas.dataset.series.split(",").map(Number) : null;
    const { labels, series } = readTable(table, only);
    const kind = canvas.dataset.chart || "bar";
    const stacked = canvas.dataset.stacked !== undefined;
    const horizontal = canvas.dataset.horizontal !== undefined;
    const limits = {};
    if (canvas.dataset.min) limits.min = Number(canvas.dataset.min);
    if (canvas.dataset.max) limits.max = Number(canvas.dataset.max);
    return {
      type: kind,
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.data,
          backgroundColor: COLOURS[i % COLOURS.length],
          borderColor: COLOURS[i % COLOURS.length],
          spanGaps: true,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        plugins: { legend: { display: series.length > 1, position: "bottom" } },
        scales: {
          x: { stacked, beginAtZero: true, ...(horizontal ? limits : {}) },
          y: { stacked, beginAtZero: true, ...(horizontal ? {} : limits) },
        },
      },
      plugins: [referenceLines],
    };
  }

  function draw(canvas) {
    if (!window.Chart || !canvas.dataset.table) return null;
    const existing = window.Chart.getChart(canvas);
    const next = config(canvas);
    if (existing) {
      existing.data = next.data;
      existing.update("none");
      return existing;
    }
    return new window.Chart(canvas, next);
  }

  window.PustakaCharts = { draw, readTable };
  document.addEventListener("DOMContentLoaded", () => {
    for (const canvas of document.querySelectorAll("canvas[data-chart]")) draw(canvas);
  });
})();
