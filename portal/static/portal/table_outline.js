// Outlines the tables found on a rendered pdf.js page (issue 17): each table's box is
// stored as page fractions, so it is drawn at any zoom; the table the link named
// (?tabel=ID) is emphasised.
export function outlineTables({ pageNumber, source }) {
  const list = document.getElementById("reader-tables");
  const page = source && source.div;
  if (!list || !page) return;
  page.querySelectorAll(".table-outline").forEach((node) => node.remove());
  const chosen = list.dataset.table || "";
  list.querySelectorAll(".table-item").forEach((item) => {
    if (Number(item.dataset.page) !== pageNumber) return;
    let box;
    try { box = JSON.parse(item.dataset.bbox || "[]"); } catch { return; }
    if (box.length !== 4) return;
    const [x0, y0, x1, y1] = box;
    const outline = document.createElement("div");
    outline.className = "table-outline" + (item.dataset.tableId === chosen ? " chosen" : "");
    outline.dataset.tableId = item.dataset.tableId;
    outline.style.left = `${(x0 * 100).toFixed(2)}%`;
    outline.style.top = `${(y0 * 100).toFixed(2)}%`;
    outline.style.width = `${((x1 - x0) * 100).toFixed(2)}%`;
    outline.style.height = `${((y1 - y0) * 100).toFixed(2)}%`;
    page.appendChild(outline);
  });
}
