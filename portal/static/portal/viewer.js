/* The page viewer: pdf.js (served from our own static files) opens the softcopy at the
   page a search hit named and highlights the words searched for and their synonyms.
   Configuration comes in data- attributes of #reader, so no inline script is needed (Content-Security-Policy). */
import { outlineTables } from "./table_outline.js";

const root = document.getElementById("reader");
const status = document.getElementById("reader-status");
const pageInput = document.getElementById("reader-page");
const pagesLabel = document.getElementById("reader-pages");
const prev = document.getElementById("reader-prev");
const next = document.getElementById("reader-next");
const zoom = document.getElementById("reader-zoom");

async function open() {
  const pdfjsLib = await import(root.dataset.pdfjs);
  globalThis.pdfjsLib = pdfjsLib; // pdf_viewer.mjs reads the library from here
  const { EventBus, PDFFindController, PDFLinkService, PDFViewer, FindState } = await import(
    root.dataset.viewer
  );
  pdfjsLib.GlobalWorkerOptions.workerSrc = root.dataset.worker;

  const eventBus = new EventBus();
  const linkService = new PDFLinkService({ eventBus });
  const findController = new PDFFindController({ eventBus, linkService });
  const viewer = new PDFViewer({
    container: document.getElementById("reader-container"),
    viewer: document.getElementById("reader-viewer"),
    eventBus,
    linkService,
    findController,
  });
  linkService.setViewer(viewer);

  const start = Number(root.dataset.page) || 1;
  const typed = (root.dataset.query || "").split(/[\s"'()]+/).filter((word) => word.length > 1);
  // Synonym phrases ("produk domestik regional bruto" for PDRB), computed server-side
  // from the same synonyms file Meilisearch uses; each is searched as one phrase.
  const synonyms = (root.dataset.synonyms || "").split("|").filter((term) => term.length > 1);
  const words = [...typed, ...synonyms];

  eventBus.on("pagesinit", () => {
    viewer.currentScaleValue = zoom.value;
    viewer.currentPageNumber = Math.min(start, viewer.pagesCount);
    pagesLabel.textContent = String(viewer.pagesCount);
    pageInput.max = String(viewer.pagesCount);
    if (words.length) {
      // Starts from the current page, so the hit on page N is the one scrolled to.
      eventBus.dispatch("find", {
        source: null,
        type: "",
        query: words,
        caseSensitive: false,
        entireWord: false,
        highlightAll: true,
        findPrevious: false,
        matchDiacritics: false,
      });
    }
    root.dataset.state = "ready";
  });
  eventBus.on("pagerendered", outlineTables);
  eventBus.on("pagechanging", ({ pageNumber }) => {
    pageInput.value = String(pageNumber);
    prev.disabled = pageNumber <= 1;
    next.disabled = pageNumber >= viewer.pagesCount;
    root.dataset.currentPage = String(pageNumber);
  });
  eventBus.on("updatefindcontrolstate", ({ state }) => {
    if (state === FindState.FOUND || state === FindState.WRAPPED) {
      status.textContent = root.dataset.textFound;
    } else if (state === FindState.NOT_FOUND) {
      status.textContent = root.dataset.textNotFound;
    }
  });

  prev.addEventListener("click", () => viewer.previousPage());
  next.addEventListener("click", () => viewer.nextPage());
  pageInput.addEventListener("change", () => {
    const number = Number(pageInput.value);
    if (number >= 1 && number <= viewer.pagesCount) viewer.currentPageNumber = number;
    else pageInput.value = String(viewer.currentPageNumber);
  });
  zoom.addEventListener("change", () => { viewer.currentScaleValue = zoom.value; });
  document.getElementById("reader-zoom-in").addEventListener("click", () => viewer.increaseScale());
  document.getElementById("reader-zoom-out").addEventListener("click", () => viewer.decreaseScale());

  // No eval: fonts are drawn through the canvas path API, which a strict CSP allows.
  const document_ = await pdfjsLib.getDocument({ url: root.dataset.file, isEvalSupported: false })
    .promise;
  viewer.setDocument(document_);
  linkService.setDocument(document_, null);
}

open().catch((error) => {
  root.dataset.state = "failed";
  status.textContent = root.dataset.textError;
  console.error(error);
});
