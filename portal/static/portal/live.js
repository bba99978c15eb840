// Pages that follow work in progress (lockers, digitisation jobs, the scan queue) say so
// with <meta name="pustaka-live" content="SECONDS">. Every SECONDS this fetches the page
// again and swaps the content of <main> in place: no reload, no lost scroll position, and
// nothing swapped while the user is typing or choosing inside it. It stops when the fresh
// page no longer asks to be followed (the job finished). Replaces <meta http-equiv=refresh>,
// which reloads under the user's hands (an accessibility failure); a static file, so a
// strict Content-Security-Policy allows it.
"use strict";
(function () {
  const meta = document.querySelector('meta[name="pustaka-live"]');
  if (!meta || !window.fetch || !window.DOMParser) return;
  let seconds = Number(meta.content) || 5;

  function busy(main) {
    const active = document.activeElement;
    if (active && main.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName)) return true;
    // A form someone has begun to fill (a file chosen, text typed) is never swapped away.
    return Array.from(main.querySelectorAll("input, textarea, select")).some((field) => {
      if (field.type === "file") return field.files && field.files.length > 0;
      if (field.type === "checkbox" || field.type === "radio") return field.checked !== field.defaultChecked;
      if (field.tagName === "SELECT") return Array.from(field.options).some((o) => o.selected !== o.defaultSelected);
      return field.type !== "hidden" && field.value !== field.defaultValue;
    });
  }

  async function refresh() {
    const main = document.querySelector("main");
    let again = true;
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (response.ok && !busy(main)) {
        const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
        const next = fresh.querySelector("main");
        if (next) main.innerHTML = next.innerHTML;
        const still = fresh.querySelector('meta[name="pustaka-live"]');
        again = Boolean(still);
        if (still) seconds = Number(still.content) || seconds;
        document.dispatchEvent(new CustomEvent("pustaka:live-updated"));
      }
    } catch (error) {
      // the next round tries again
    }
    if (again) window.setTimeout(refresh, seconds * 1000);
  }
  document.addEventListener("DOMContentLoaded", () => window.setTimeout(refresh, seconds * 1000));
})();
