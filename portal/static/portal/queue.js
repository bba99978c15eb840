/* The frontline queue: timers tick every second from the server's guestbook times, and the
   list is refreshed from /meja/antrean.json every few seconds. The "at the desk" section is
   fetched anew (/meja/di-meja/) when the signature in that JSON changes, i.e. when another
   officer moved a visit on. Without JavaScript the page falls back to a meta refresh (see
   queue.html). */
(function () {
  "use strict";
  var table = document.getElementById("queue");
  var template = document.getElementById("queue-row-template");
  if (!table || !template || !window.fetch) return;

  var body = table.tBodies[0];
  var count = document.getElementById("queue-count");
  var amber = Number(table.dataset.amber);
  var red = Number(table.dataset.red);
  var offset = Date.now() - Number(table.dataset.now); // browser clock minus server clock
  var shown = signature(Array.prototype.map.call(body.querySelectorAll("tr[data-visit-id]"),
    function (row) { return row.dataset.visitId; }));
  var POLL_MS = 4000;
  var atDesk = document.getElementById("at-desk");
  var atDeskLoading = false;

  function signature(ids) { return ids.join(","); }

  function clock(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function level(seconds) {
    if (seconds >= red) return "red";
    if (seconds >= amber) return "amber";
    return "ok";
  }

  function tick() {
    var serverNow = Date.now() - offset;
    body.querySelectorAll(".timer[data-since]").forEach(function (timer) {
      var since = Number(timer.dataset.since);
      if (!since) return;
      var waited = Math.max(0, Math.floor((serverNow - since) / 1000));
      var row = timer.closest("tr");
      var now = level(waited);
      timer.textContent = clock(waited);
      if (row.dataset.level !== now) {
        row.classList.remove("level-ok", "level-amber", "level-red");
        row.classList.add("level-" + now);
        row.dataset.level = now;
      }
    });
  }

  function rowFor(entry) {
    var row = template.content.querySelector("tr").cloneNode(true);
    row.dataset.visitId = String(entry.id);
    row.querySelectorAll("[data-field]").forEach(function (cell) {
      cell.textContent = String(entry[cell.dataset.field]);
    });
    row.querySelector(".timer").dataset.since = String(entry.guestbook_ms);
    row.querySelectorAll("form[data-action]").forEach(function (form) {
      form.action = entry.urls[form.dataset.action];
    });
    var pick = row.querySelector("select[name=priority]");
    if (pick) pick.value = entry.priority_code || "";
    row.dataset.level = "";
    return row;
  }

  function emptyRow() {
    var row = document.createElement("tr");
    var cell = document.createElement("td");
    row.className = "empty";
    cell.colSpan = table.tHead.rows[0].cells.length;
    cell.className = "muted";
    cell.textContent = table.dataset.empty;
    row.appendChild(cell);
    return row;
  }

  function render(data) {
    offset = Date.now() - data.now_ms;
    amber = data.amber_seconds;
    red = data.red_seconds;
    var ids = signature(data.waiting.map(function (entry) { return entry.id + ":" + entry.priority_code; }));
    if (ids !== shown) { // rebuild only when the queue changed, so buttons stay put
      var rows = data.waiting.map(rowFor);
      body.replaceChildren.apply(body, rows.length ? rows : [emptyRow()]);
      shown = ids;
    }
    if (count) count.textContent = String(data.waiting.length);
    tick();
    if (atDesk && data.at_desk_signature && data.at_desk_signature !== atDesk.dataset.signature) {
      refreshAtDesk(data.at_desk_signature);
    }
  }

  function busyIn(element) {
    // An officer choosing a locker or typing: don't swap the cards under their hand;
    // the signature stays old, so the next poll tries again.
    var active = document.activeElement;
    return active && element.contains(active) && /^(SELECT|INPUT|TEXTAREA)$/.test(active.tagName);
  }

  function refreshAtDesk(signature) {
    if (atDeskLoading || busyIn(atDesk)) return;
    atDeskLoading = true;
    fetch(atDesk.dataset.url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && !busyIn(atDesk)) {
          atDesk.innerHTML = html;
          atDesk.dataset.signature = signature;
        }
      })
      .catch(function () { /* try again on the next poll */ })
      .then(function () { atDeskLoading = false; });
  }

  function poll() {
    fetch(table.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) render(data); })
      .catch(function () { /* offline for a moment: keep ticking, try again */ });
  }

  tick();
  window.setInterval(tick, 1000);
  window.setInterval(poll, POLL_MS);
})();
