// Submit the language menu as soon as a language is chosen. A static file rather than an
// inline onchange= attribute, so a strict Content-Security-Policy (script-src 'self') allows
// it; without JavaScript the <noscript> button submits the form instead.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }
});
