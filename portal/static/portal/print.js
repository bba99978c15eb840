// "Cetak" buttons (data-print) open the browser's print dialog. A static file rather than
// an inline onclick= attribute, so the Content-Security-Policy (script-src 'self') allows it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
});
