// The kiosk's ticket goes back to an empty guestbook for the next visitor after a while.
// A script rather than <meta http-equiv="refresh"> (an accessibility failure: a page that
// moves on by itself); without JavaScript the <noscript> refresh still does it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const ticket = document.getElementById("ticket");
  const seconds = Number(ticket && ticket.dataset.returnAfter);
  if (!seconds) return;
  window.setTimeout(() => window.location.assign(ticket.dataset.returnUrl), seconds * 1000);
});
