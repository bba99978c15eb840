/* The search page, enhanced: results as you type, facets as toggles, pages without reload.
   Without JavaScript the form submits (GET) and the server renders the same structure
   (portal/templates/portal/search/); this script renders it from the search API's JSON.
   Only the API's *_html fields (escaped text plus <mark>) are inserted as HTML, and only
   after checking that no other tag is in them; everything else goes in as text. */
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || !window.fetch || !window.AbortController || !window.URLSearchParams) return;

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var facetsBox = document.getElementById("search-facets");
  var notices = document.getElementById("search-notices");
  var count = document.getElementById("search-count");
  var suggestionsBox = document.getElementById("search-suggestions");
  var results = document.getElementById("search-results");
  var pagination = document.getElementById("search-pagination");
  var loginNotice = document.getElementById("search-login");
  var labels = JSON.parse(document.getElementById("search-labels").textContent);
  var texts = JSON.parse(document.getElementById("search-texts").textContent);
  var FACETS = ["year", "subject", "area", "kind"];
  var FACET_TITLES = {};
  var DEBOUNCE_MS = 250;
  var SLOW_MS = 600; // only a slow answer is worth announcing "searching"
  var PAGE_WINDOW = 2;
  var timer = null;
  var inflight = null;
  var slow = null;

  Array.prototype.forEach.call(facetsBox.querySelectorAll("fieldset[data-facet]"), function (box) {
    FACET_TITLES[box.dataset.facet] = box.querySelector("legend").textContent;
  });
  root.classList.add("js");

  function fill(template, value) {
    return template.replace(/%\(\w+\)s/g, String(value));
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // An API *_html value as HTML only if <mark> is its only tag; else the plain text.
  function setMarked(node, html, plain) {
    var bare = (html || "").replace(/<\/?mark>/g, "");
    if (html && bare.indexOf("<") < 0 && bare.indexOf(">") < 0) node.innerHTML = html;
    else node.textContent = plain || "";
  }

  function inLanguage(message) {
    if (!message) return "";
    return texts.language === "en" ? (message.en || message.id) : (message.id || message.en);
  }

  function queryFor(page) {
    var params = new URLSearchParams(new FormData(form));
    if (!(params.get("q") || "").trim()) params.delete("q");
    params.delete("page");
    if (page > 1) params.set("page", String(page));
    return params;
  }

  function search(page) {
    clearTimeout(timer);
    var params = queryFor(page);
    var qs = params.toString();
    history.replaceState(history.state, "", root.dataset.pageUrl + (qs ? "?" + qs : ""));
    if (inflight) inflight.abort(); // a newer question makes the older answer useless
    var controller = new AbortController();
    inflight = controller;
    root.setAttribute("aria-busy", "true");
    clearTimeout(slow);
    slow = setTimeout(function () { count.textContent = texts.searching; }, SLOW_MS);
    fetch(root.dataset.api + (qs ? "?" + qs : ""), {
      signal: controller.signal,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (answer) {
        if (inflight !== controller) return;
        if (answer.ok) render(answer.body);
        else showError(inLanguage(answer.body) || texts.unavailable);
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") return;
        if (inflight === controller) showError(texts.unavailable);
      })
      .then(function () {
        if (inflight === controller) {
          clearTimeout(slow);
          inflight = null;
          root.removeAttribute("aria-busy");
        }
      });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(function () { search(1); }, DEBOUNCE_MS);
  }

  function showError(message) {
    notices.textContent = "";
    notices.appendChild(el("p", { "class": "notice notice-error", role: "alert" }, message));
    if (loginNotice) notices.appendChild(loginNotice);
  }

  function render(data) {
    renderNotices(data);
    var total = data.total || 0;
    count.textContent = fill(total === 1 ? texts.count_one : texts.count_other, total);
    renderSuggestions(data, total);
    renderResults(data.publications || []);
    renderFacets(data.facets || {});
    renderPagination(data.page || 1, data.pages_total || 0);
  }

  function renderNotices(data) {
    notices.textContent = "";
    if (data.fallback) {
      notices.appendChild(el("p", { "class": "notice notice-fallback" },
        inLanguage(data.notice) || texts.fallback));
    } else if (data.notice && !loginNotice) {
      notices.appendChild(el("p", { "class": "notice" }, inLanguage(data.notice)));
    }
    if (loginNotice) notices.appendChild(loginNotice);
  }

  function renderSuggestions(data, total) {
    suggestionsBox.textContent = "";
    if (total) return;
    var words = data.suggestions || [];
    if (!words.length && !data.query && !queryFor(1).toString()) return;
    var p = el("p", { "class": "suggestions" });
    if (!words.length) {
      p.textContent = texts.nothing;
    } else {
      p.appendChild(document.createTextNode(texts.did_you_mean + " "));
      words.forEach(function (word, i) {
        if (i) p.appendChild(document.createTextNode(", "));
        var params = new URLSearchParams();
        params.set("q", word);
        p.appendChild(el("a", { href: "?" + params.toString(), "data-suggestion": word }, word));
      });
    }
    suggestionsBox.appendChild(p);
  }

  function renderResults(publications) {
    results.textContent = "";
    publications.forEach(function (pub) {
      var item = el("li", { "class": "result", "data-publication-id": pub.id });
      var heading = el("h2", { "class": "result-title" });
      var link = el("a", { href: pub.url });
      setMarked(link, pub.title_html, pub.title);
      heading.appendChild(link);
      item.appendChild(heading);
      if (pub.subtitle) item.appendChild(el("p", { "class": "result-subtitle" }, pub.subtitle));
      var meta = el("p", { "class": "result-meta" });
      var kind = (labels.kind || {})[pub.kind] || pub.kind_label;
      [pub.year, kind, pub.area_name].forEach(function (value) {
        if (value) meta.appendChild(el("span", {}, value));
      });
      if (pub.catalogue_number) {
        meta.appendChild(el("span", {}, texts.catalogue_number + " " + pub.catalogue_number));
      }
      (pub.subjects || []).forEach(function (subject) {
        meta.appendChild(el("span", { "class": "subject" }, subject));
      });
      item.appendChild(meta);
      var pages = pub.pages || [];
      if (pages.length) {
        var hits = pub.hits || pages.length;
        item.appendChild(el("p", { "class": "result-hits" },
          fill(hits === 1 ? texts.hits_one : texts.hits_other, hits)));
        var list = el("ul", { "class": "result-pages" });
        pages.forEach(function (hit) {
          var row = el("li");
          row.appendChild(el("a", { "class": "open-at-page", href: hit.viewer_url },
            fill(texts.open_at_page, hit.page)));
          row.appendChild(document.createTextNode(" "));
          var snippet = el("span", { "class": "snippet" });
          setMarked(snippet, hit.snippet_html, "");
          row.appendChild(snippet);
          (hit.tables || []).forEach(function (table) {
            var tag = el("span", { "class": "hit-table" }, table.label + " — ");
            tag.appendChild(el("a", { "class": "hit-table-xlsx", href: table.xlsx_url },
              table.download_label));
            row.appendChild(document.createTextNode(" "));
            row.appendChild(tag);
          });
          list.appendChild(row);
        });
        item.appendChild(list);
      }
      results.appendChild(item);
    });
  }

  function chosen() {
    var picked = {};
    FACETS.forEach(function (name) { picked[name] = []; });
    Array.prototype.forEach.call(facetsBox.querySelectorAll("input[type=checkbox]:checked"),
      function (box) { picked[box.name].push(box.value); });
    return picked;
  }

  function renderFacets(facets) {
    var picked = chosen();
    var focused = document.activeElement;
    var refocus = focused && facetsBox.contains(focused) && focused.name
      ? { name: focused.name, value: focused.value } : null;
    var apply = facetsBox.querySelector(".facet-apply");
    facetsBox.textContent = "";
    FACETS.forEach(function (name) {
      var counts = Object.assign({}, facets[name] || {});
      picked[name].forEach(function (value) { if (!(value in counts)) counts[value] = 0; });
      var names = labels[name] || {};
      var values = Object.keys(counts).map(function (value) {
        return { value: value, label: names[value] || value, count: counts[value] };
      });
      if (!values.length) return;
      if (name === "year") values.sort(function (a, b) { return a.value < b.value ? 1 : -1; });
      else values.sort(function (a, b) { return b.count - a.count || a.label.localeCompare(b.label); });
      var box = el("fieldset", { "class": "facet", "data-facet": name });
      box.appendChild(el("legend", {}, FACET_TITLES[name] || name));
      values.forEach(function (v) {
        var label = el("label", { "class": "facet-value" });
        var check = el("input", { type: "checkbox", name: name, value: v.value });
        check.checked = picked[name].indexOf(v.value) >= 0;
        label.appendChild(check);
        label.appendChild(document.createTextNode(" "));
        label.appendChild(el("span", { "class": "facet-label" }, v.label));
        label.appendChild(document.createTextNode(" "));
        label.appendChild(el("span", { "class": "facet-count" }, v.count));
        box.appendChild(label);
      });
      facetsBox.appendChild(box);
    });
    if (apply) facetsBox.appendChild(apply);
    if (refocus) {
      var again = Array.prototype.find.call(facetsBox.querySelectorAll("input"), function (box) {
        return box.name === refocus.name && box.value === refocus.value;
      });
      if (again) again.focus();
    }
  }

  function renderPagination(current, total) {
    pagination.textContent = "";
    if (total <= 1) return;
    function link(number, text, rel) {
      var params = queryFor(number);
      var a = el("a", { href: "?" + params.toString(), "data-page": number }, text);
      if (rel) a.setAttribute("rel", rel);
      pagination.appendChild(a);
    }
    if (current > 1) link(current - 1, texts.previous, "prev");
    var numbers = [1, total];
    for (var n = Math.max(1, current - PAGE_WINDOW); n <= Math.min(total, current + PAGE_WINDOW); n++) {
      numbers.push(n);
    }
    numbers = numbers.filter(function (n, i) { return numbers.indexOf(n) === i; })
      .sort(function (a, b) { return a - b; });
    numbers.forEach(function (number) {
      if (number === current) pagination.appendChild(el("span", { "aria-current": "page" }, number));
      else link(number, number);
    });
    if (current < total) link(current + 1, texts.next, "next");
  }

  input.addEventListener("input", later);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search(1);
  });
  facetsBox.addEventListener("change", function (event) {
    if (event.target.type === "checkbox") search(1);
  });
  pagination.addEventListener("click", function (event) {
    var a = event.target.closest("a[data-page]");
    if (!a) return;
    event.preventDefault();
    search(Number(a.dataset.page));
    count.setAttribute("tabindex", "-1");
    count.focus(); // keyboard users land on the new count, then tab into the results
    count.scrollIntoView({ block: "start" });
  });
  suggestionsBox.addEventListener("click", function (event) {
    var a = event.target.closest("a[data-suggestion]");
    if (!a) return;
    event.preventDefault();
    input.value = a.dataset.suggestion;
    search(1);
    input.focus();
  });
})();
