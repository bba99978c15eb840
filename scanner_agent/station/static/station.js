/* Pustaka scanner station: polls /api/state and renders it; every change is a POST
   to /api/<action> carrying the page's CSRF secret. No framework, no inline script. */
"use strict";
(function () {
  const L = JSON.parse(document.getElementById("labels").textContent);
  const CSRF = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const keys = {};
  let state = null;

  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  }
  function changed(name, value) {
    const key = JSON.stringify(value);
    if (keys[name] === key) return false;
    keys[name] = key;
    return true;
  }
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function showMessage(box, error) {
    box.hidden = !error;
    if (!error) return;
    const id = box.querySelector(".msg-id") || box.querySelector(".msg");
    id.textContent = error.id;
    const en = box.querySelector(".msg-en");
    if (en) en.textContent = error.en;
    else if (document.documentElement.lang === "en") id.textContent = error.en;
  }

  async function post(action, body) {
    let data = {};
    try {
      const response = await fetch("/api/" + action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": CSRF },
        body: JSON.stringify(body || {}),
      });
      data = await response.json().catch(() => ({}));
      showMessage($("banner-notice"), data.error || null);
    } finally {
      await refresh();
    }
    return data;
  }

  async function refresh() {
    const response = await fetch("/api/state", { headers: { "X-CSRF-Token": CSRF } });
    if (!response.ok) return;
    state = await response.json();
    render(state);
  }

  function render(s) {
    renderSetup(s);
    renderScanner(s);
    renderQueue(s);
    renderPreview(s);
    renderBatch(s);
    renderBanners(s);
    $("demo-armed").textContent = s.demo_fault ? "✓ " + s.demo_fault : "";
  }

  function renderSetup(s) {
    const c = s.config;
    const connected = c.token_set && c.server;
    $("station-line").textContent = connected ? L.saved + " " + c.station_name + " — " + c.server : L.not_set;
    $("setup-status").textContent = connected ? L.saved + " " + c.station_name : L.not_set;
    if (!$("setup-form").dataset.editing) {
      $("setup-form").hidden = connected;
      $("setup-change").hidden = !connected;
    }
    if (changed("server", c.server) && c.server) $("setup-server").value = c.server;
  }

  function setValue(input, value) {
    if (document.activeElement === input) return;
    if (input.type === "checkbox") input.checked = !!value;
    else input.value = value === null || value === undefined ? "" : value;
  }

  function renderScanner(s) {
    const c = s.config;
    const devices = s.devices || [];
    if (changed("devices", [devices, c.device])) {
      const select = $("opt-device");
      select.replaceChildren(...devices.map((d) => el("option", { value: d.name }, d.name + " — " + d.vendor + " " + d.model)));
      select.value = c.device;
    }
    const none = s.devices_error;
    showMessage($("no-scanner"), none);
    $("no-scanner").querySelector(".what").textContent = none && none.no_scanner ? L.no_scanner_what : "";
    if (changed("profiles", [s.profiles, c.profile])) {
      const select = $("opt-profile");
      select.replaceChildren(...s.profiles.map((p) => el("option", { value: p.name }, p.description || p.name)));
      select.value = c.profile;
    }
    setValue($("opt-source"), c.source);
    setValue($("opt-pages"), c.pages);
    setValue($("opt-manual-duplex"), c.manual_duplex);
    setValue($("opt-covers"), c.covers);
    $("devices-refresh").disabled = !!s.doing;
  }

  function renderQueue(s) {
    if (!changed("queue", [s.queue, !!s.batch, s.queue_error])) return;
    const list = $("queue-list");
    const en = document.documentElement.lang === "en";
    if (!s.queue || !s.queue.length) {
      const why = s.queue_error ? (en ? s.queue_error.en : s.queue_error.id) : s.queue ? L.no_tasks : "";
      list.replaceChildren(el("li", { class: "muted" }, why));
      return;
    }
    list.replaceChildren(...s.queue.map((task) => {
      const item = el("li", { "data-task": String(task.id) });
      item.append(el("strong", {}, "#" + task.id + " " + task.title));
      const what = [L[task.kind] || task.kind, L.pages + " " + (task.pages || L.all_pages)];
      if (task.holding_barcode) what.push(task.holding_barcode);
      item.append(el("span", { class: "muted" }, " · " + what.join(" · ") + " · " + task.created_at.slice(0, 16).replace("T", " ")));
      if (task.state === "pending" || !s.batch) {
        item.append(" ", el("button", { type: "button", class: "claim", "data-task": String(task.id) }, L.claim));
      } else {
        item.append(" ", el("span", { class: "badge" }, L[task.state] || task.state));
      }
      return item;
    }));
  }

  function renderPreview(s) {
    const p = s.preview;
    $("preview-run").disabled = !!s.doing;
    $("preview-box").hidden = !p;
    if (p && changed("preview", p.version)) $("preview-img").src = "/api/preview.png?v=" + p.version;
    const crop = s.config.crop;
    if (changed("crop", crop)) {  // only when it changed: half-typed values stay
      ["left", "top", "width", "height"].forEach((name, i) => setValue($("crop-" + name), crop ? crop[i] : ""));
    }
    drawCrop(crop);
  }

  function scale() {
    const p = state && state.preview;
    const img = $("preview-img");
    return p && img.clientWidth ? img.clientWidth / p.width_mm : 0;
  }

  function drawCrop(crop) {
    const rect = $("crop-rect");
    const k = scale();
    rect.hidden = !crop || !k;
    if (rect.hidden) return;
    rect.style.left = crop[0] * k + "px";
    rect.style.top = crop[1] * k + "px";
    rect.style.width = crop[2] * k + "px";
    rect.style.height = crop[3] * k + "px";
  }

  function renderBatch(s) {
    const b = s.batch;
    $("batch").hidden = !b;
    if (!b) return;
    $("batch-title").textContent = b.title || "—";
    const pr = b.progress;
    $("batch-progress").textContent = fmt(L.progress, { pages: pr.pages, mb: pr.megabytes, ppm: pr.pages_per_minute }) +
      (pr.waiting ? " · " + fmt(L.waiting, { n: pr.waiting }) : "");
    let status = s.doing ? L["busy_" + s.doing] || "" : "";
    if (b.closing) status = L.closing;
    if (b.closed) status = b.job.searchable ? L.searchable_all : L.closed;
    if (b.error) status = (document.documentElement.lang === "en" ? b.error.en : b.error.id) + " " + status;
    $("batch-status").textContent = status;
    const job = $("batch-job");
    job.hidden = !b.job.url;
    if (b.job.url) { job.href = b.job.url; job.textContent = L.job; }
    const open = !b.closing && !b.closed;
    $("scan-run").disabled = !open || !!s.doing;
    $("batch-close").disabled = !open || !!s.doing || !b.pages.length;
    $("batch-done").hidden = open;
    $("batch-done").textContent = L.done;
    if (changed("pages", [b.id, b.pages, open, !!s.doing])) renderPages(b, open && !s.doing);
  }

  function pageButton(action, label, page) {
    return el("button", { type: "button", "data-action": action, "aria-label": label + " " + L.page.toLowerCase() + " " + page.position, title: label }, label);
  }

  function renderPages(b, editable) {
    const list = $("pages");
    list.replaceChildren(...b.pages.map((page) => {
      const item = el("li", { "data-number": String(page.number), "data-position": String(page.position), "data-state": page.state, class: "page state-" + page.state });
      const figure = el("figure");
      figure.append(el("img", { src: "/api/thumb/" + b.id + "/" + page.number, alt: L.page + " " + page.position }));
      const caption = el("figcaption");
      caption.append(el("span", { class: "num" }, L.page + " " + page.position), " ", el("span", { class: "badge state" }, L[page.state] || page.state));
      if (page.blank) caption.append(" ", el("span", { class: "badge blank" }, L.blank));
      figure.append(caption);
      item.append(figure);
      if (editable) {
        const tools = el("div", { class: "tools" });
        tools.append(pageButton("rotate", L.rotate, page), pageButton("left", L.left, page), pageButton("right", L.right, page),
          pageButton("delete", L.delete, page), pageButton("rescan", L.rescan, page), pageButton("insert", L.insert, page));
        item.append(tools);
      }
      return item;
    }));
  }

  function renderBanners(s) {
    const server = s.server;
    const offline = server.online === false && s.config.token_set;
    $("banner-offline").hidden = !offline;
    if (offline) $("banner-offline").textContent = fmt(L.offline, { n: server.pages_waiting });
    showMessage($("banner-fault"), s.fault);
    if (s.fault) {
      $("fault-continue").hidden = !s.fault.actions.includes("continue");
      $("fault-rescan-last").hidden = !s.fault.actions.includes("rescan_last");
    }
    $("banner-prompt").hidden = !s.prompt;
    $("banner-prompt").querySelector(".msg").textContent = s.prompt || "";
  }

  // --- events ---------------------------------------------------------------------------

  $("setup-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = await post("setup", { server: $("setup-server").value, token: $("setup-token").value });
    if (data.ok) { $("setup-token").value = ""; delete $("setup-form").dataset.editing; }
  });
  $("setup-change").addEventListener("click", () => {
    $("setup-form").dataset.editing = "1";
    $("setup-form").hidden = false;
    $("setup-change").hidden = true;
  });
  $("devices-refresh").addEventListener("click", () => post("devices"));
  $("opt-device").addEventListener("change", (e) => post("options", { device: e.target.value }));
  $("opt-profile").addEventListener("change", (e) => post("options", { profile: e.target.value }));
  $("opt-source").addEventListener("change", (e) => post("options", { source: e.target.value }));
  $("opt-pages").addEventListener("change", (e) => post("options", { pages: e.target.value }));
  $("opt-manual-duplex").addEventListener("change", (e) => post("options", { manual_duplex: e.target.checked }));
  $("opt-covers").addEventListener("change", (e) => post("options", { covers: e.target.checked }));
  $("queue-refresh").addEventListener("click", () => post("queue"));
  $("queue-list").addEventListener("click", (e) => {
    const button = e.target.closest("button.claim");
    if (button) post("claim", { task: Number(button.dataset.task) });
  });
  $("new-batch-form").addEventListener("submit", (e) => {
    e.preventDefault();
    post("new-batch", { title: $("new-batch-title").value });
  });
  $("preview-run").addEventListener("click", () => post("preview"));
  ["left", "top", "width", "height"].forEach((name) => $("crop-" + name).addEventListener("change", () => {
    const values = ["left", "top", "width", "height"].map((n) => Number($("crop-" + n).value || 0));
    post("options", { crop: values[2] > 0 && values[3] > 0 ? values : null });
  }));
  $("crop-clear").addEventListener("click", () => post("options", { crop: null }));

  let drag = null;
  $("preview-box").addEventListener("pointerdown", (e) => {
    const box = $("preview-img").getBoundingClientRect();
    drag = { x: e.clientX - box.left, y: e.clientY - box.top, box };
    e.preventDefault();
  });
  window.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const k = scale();
    const x = Math.max(0, Math.min(e.clientX - drag.box.left, drag.box.width));
    const y = Math.max(0, Math.min(e.clientY - drag.box.top, drag.box.height));
    drag.crop = [Math.min(x, drag.x) / k, Math.min(y, drag.y) / k, Math.abs(x - drag.x) / k, Math.abs(y - drag.y) / k];
    drawCrop(drag.crop);
  });
  window.addEventListener("pointerup", () => {
    if (drag && drag.crop && drag.crop[2] > 5 && drag.crop[3] > 5) post("options", { crop: drag.crop });
    drag = null;
  });

  $("scan-run").addEventListener("click", () => post("scan", { kind: "append" }));
  $("batch-close").addEventListener("click", () => post("close"));
  $("batch-done").addEventListener("click", () => post("done"));
  $("fault-continue").addEventListener("click", () => post("continue", {}));
  $("fault-rescan-last").addEventListener("click", () => post("continue", { rescan_last: true }));
  $("prompt-continue").addEventListener("click", () => post("prompt"));
  $("demo-arm").addEventListener("click", () => post("demo-fault", { fault: $("demo-fault").value, after: Number($("demo-after").value || 0) }));
  $("pages").addEventListener("click", (e) => {
    const button = e.target.closest("button[data-action]");
    if (!button) return;
    const item = button.closest("li");
    const number = Number(item.dataset.number);
    const position = Number(item.dataset.position);
    const action = button.dataset.action;
    if (action === "rotate") post("edit", { action: "rotate", number, value: 90 });
    else if (action === "delete") post("edit", { action: "delete", number });
    else if (action === "left") post("edit", { action: "move", number, value: Math.max(1, position - 1) });
    else if (action === "right") post("edit", { action: "move", number, value: position + 1 });
    else if (action === "rescan") post("scan", { kind: "rescan", target: number });
    else if (action === "insert") post("scan", { kind: "insert", target: number });
  });

  refresh();
  setInterval(refresh, 700);
})();
