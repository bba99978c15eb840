// The digitisation monitor: polls its JSON snapshot every few seconds and redraws the
// tables (and the throughput charts from their tables) without reloading the page.
// Retry and give-up are plain POST forms carrying the page's CSRF token. A static file,
// so a strict Content-Security-Policy (script-src 'self') allows it.
"use strict";
(function () {
  const root = document.getElementById("monitor");
  if (!root || !window.fetch) return;
  const labels = JSON.parse(document.getElementById("monitor-labels").textContent);
  const poll = Number(root.dataset.poll) || 2000;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  function fill(id, rows, emptyText, columns) {
    const body = document.getElementById(id).tBodies[0];
    body.replaceChildren(...(rows.length ? rows : [
      el("tr", {}, el("td", { colspan: columns, class: "muted", text: emptyText })),
    ]));
  }

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));
  }

  function action(url, text, kind) {
    const form = el("form", { method: "post", action: url, class: "inline" });
    form.append(el("input", { type: "hidden", name: "csrfmiddlewaretoken", value: root.dataset.csrf }));
    form.append(el("button", { type: "submit", class: kind, text }));
    return form;
  }

  function numberCell(value) {
    return el("td", { class: "num", "data-value": value, text: String(value) });
  }

  function render(data) {
    document.getElementById("broker-down").hidden = data.broker.reachable;
    fill("monitor-queues", data.broker.queues.map((q) => el("tr", { "data-queue": q.name },
      el("th", { scope: "row", text: q.name }), numberCell(q.depth))), "", 2);
    document.getElementById("monitor-unacked").textContent = String(data.broker.unacked);

    fill("monitor-workers", data.workers.map((w) => el("tr", { "data-worker": w.name },
      el("th", { scope: "row", text: w.name }),
      el("td", {}, ...(w.pages.length ? w.pages.map((p) => el("div", { "data-page-id": p.page_id,
        text: `#${p.job_id} ${p.title} — ${p.where}` }))
        : [el("span", { class: "muted", text: labels.idle })])),
      numberCell(w.pages_per_minute))), labels.no_workers, 3);

    fill("monitor-jobs", data.jobs.map((j) => el("tr", { "data-job-id": j.id, "data-done": j.done, "data-total": j.total },
      el("td", {}, el("a", { href: j.url, text: `#${j.id}` })),
      el("td", { text: j.title }),
      el("td", {}, el("span", { class: `state state-${j.state}`, text: j.state_label })),
      el("td", { class: "progress-cell" },
        el("progress", { max: Math.max(j.total, 1), value: j.done, "aria-label": format(labels.progress, { id: j.id }) }),
        el("span", { class: "progress-text", text: ` ${format(labels.pages_of, { done: j.done, total: j.total })} (${j.percent}%)` }),
        j.failed ? el("span", { class: "error", text: ` ${format(labels.failed_pages, { n: j.failed })}` }) : ""),
      el("td", { class: "num eta", text: j.eta }))), labels.no_jobs, 5);

    fill("monitor-problems", data.problems.map((p) => {
      const actions = el("td", { class: "actions" });
      if (data.can_act) {
        actions.append(action(p.retry_url, labels.retry, "retry"));
        if (p.give_up_url) actions.append(action(p.give_up_url, labels.give_up, "secondary give-up"));
      }
      return el("tr", { "data-kind": p.kind, "data-page-id": p.page_id, "data-job-id": p.job_id },
        el("td", {}, el("span", { class: `state state-${p.kind === "stalled" ? "processing" : "failed"}`, text: p.kind_label })),
        el("td", {}, el("a", { href: p.job_url, text: `#${p.job_id}` }), ` ${p.title}`),
        el("td", { text: p.where }),
        el("td", { class: "reason", text: p.reason }),
        actions);
    }), labels.no_problems, 5);

    for (const [id, series] of [["table-hours", data.throughput.hours], ["table-days", data.throughput.days]]) {
      document.getElementById(id).tBodies[0].replaceChildren(...series.labels.map((label, i) =>
        el("tr", {}, el("th", { scope: "row", text: label }), numberCell(series.pages[i]))));
    }
    if (window.PustakaCharts) {
      window.PustakaCharts.draw(document.getElementById("chart-hours"));
      window.PustakaCharts.draw(document.getElementById("chart-days"));
    }
    document.getElementById("monitor-at").textContent = format(labels.updated, { at: data.at });
    root.dataset.state = "live";
  }

  async function refresh() {
    try {
      const response = await fetch(root.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      render(await response.json());
    } catch (error) {
      root.dataset.state = "stale";
      document.getElementById("monitor-at").textContent = labels.unreachable;
    } finally {
      window.setTimeout(refresh, poll);
    }
  }
  document.addEventListener("DOMContentLoaded", refresh);
})();
