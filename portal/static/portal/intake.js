// Confirm screen: the words a field came from stand out while its input has focus.
(function () {
  "use strict";
  function mark(field, on) {
    document.querySelectorAll('rect.hl[data-field="' + field + '"]').forEach(function (rect) {
      rect.classList.toggle("active", on);
    });
    var row = document.querySelector('.intake-row[data-field="' + field + '"]');
    if (row) { row.classList.toggle("active", on); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".intake-row").forEach(function (row) {
      var field = row.getAttribute("data-field");
      row.addEventListener("focusin", function () { mark(field, true); });
      row.addEventListener("focusout", function () { mark(field, false); });
      row.addEventListener("mouseenter", function () { mark(field, true); });
      row.addEventListener("mouseleave", function () { mark(field, false); });
    });
  });
})();
