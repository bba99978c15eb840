"""The search-at-scale bench's section of docs/benchmarks.md, rendered from its facts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
BEGIN, END = "<!-- search-scale:begin -->", "<!-- search-scale:end -->"


def _gb(n: float) -> str:
    return f"{n / 1e9:.2f}"


def _point_rows(points: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| Pages | Segment: Meilisearch CPU s / wall s | Pages/CPU-s | Disk GB "
        "| Disk bytes/page (in use) | Peak RSS GB (anon) | API p50 / p95 / p99 ms "
        "| Raw multi_search p50 / p95 / p99 ms | Load |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    previous = 0
    for p in points:
        added = p["pages"] - previous
        previous = p["pages"]
        mem = p["memory_after_indexing"]
        api, raw = p["queries"]["api"], p["queries"]["raw"]
        lines.append(
            f"| {p['pages']:,} | {p['segment_cpu']:.0f} / {p['segment_wall']:.0f} "
            f"| {added / max(p['segment_cpu'], 1e-9):.0f} | {_gb(p['disk_bytes'])} "
            f"| {p['disk_bytes'] / p['pages']:,.0f} "
            f"({(p['used_database_size'] or 0) / p['pages']:,.0f}) "
            f"| {_gb(mem['VmHWM'])} ({_gb(mem['RssAnon'])}) "
            f"| {api['p50']:.1f} / {api['p95']:.1f} / {api['p99']:.1f} "
            f"| {raw['p50']:.1f} / {raw['p95']:.1f} / {raw['p99']:.1f} "
            f"| {p['load'][0]:.1f} |"
        )
    return lines


def render(facts: dict[str, Any]) -> str:
    points = facts["points"]
    lines = [
        BEGIN,
        "## Search at one office's scale (issue 16) — `bench/search_scale.py`",
        "",
        f"`python -m bench.search_scale --pages {facts['pages_asked']} --seed {facts['seed']} "
        f"--write-docs` on {facts['date']}: a private Meilisearch 1.21 with "
        f"`--max-indexing-threads {facts['threads']}` and `--max-indexing-memory 1GiB` (the "
        "machine's 2 cores are shared with other work; load average in the last column), "
        "filled with the project's index settings, document builders and bulk loader. Page "
        "texts: 150–400 words (≈ 1,950 characters on average) of Indonesian statistical "
        "prose, headings and tables as lines of names and numbers, 1.5 % of words with an "
        "OCR letter confusion; one softcopy per publication, 5 % staff-only, 20 % "
        "patrons-only, 3 % of publications hidden. Measured at each size after indexing "
        "finished:",
        "",
        *_point_rows(points),
        "",
        "- *Segment*: the pages added since the previous row; Meilisearch's CPU seconds "
        "(user + system, from `/proc`) are the cost, wall seconds include the load of the "
        "other work on the machine. Disk: the database folder as allocated. Peak RSS is the "
        "process's high-water mark (`VmHWM`); *anon* is its heap now, the rest is the "
        "memory-mapped index, which the kernel can drop under pressure. *In use*: "
        "Meilisearch's `usedDatabaseSize`; the rest is space LMDB has allocated and "
        "will reuse.",
        f"- Queries: the mix of `bench.search` ({len(points[-1]['by_label']) if points else 0} "
        f"kinds: 1 word, 2–3 words, typos, filters, phrases), {facts['repeat']} rounds, "
        "through `/api/v1/search` in-process (Django test client: routing, session, the "
        "selector with a patron's access filters, one `multi_search`, the database reads, "
        "JSON) and the same `multi_search` body sent raw; no indexing meanwhile.",
    ]
    if points:
        last = points[-1]
        lines.append(
            f"- At {last['pages']:,} pages: peak RSS during the queries "
            f"{_gb(last['query_rss_max'])} GB; Meilisearch `/stats` database size "
            f"{_gb(last['database_size'])} GB; query failures "
            f"{len(last['queries']['failures'])}."
        )
    if facts.get("stopped"):
        lines.append(f"- The run stopped early: {facts['stopped']}.")
    elif points and points[-1]["pages"] < facts["pages_asked"]:
        lines.append(
            f"- The run was stopped before {facts['pages_asked']:,} pages; the largest size "
            "measured is the last row."
        )
    lines.append(END)
    return "\n".join(lines)


def write_docs(section: str, docs: Path = DOCS) -> None:
    text = docs.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    docs.write_text(text, encoding="utf-8")


if __name__ == "__main__":  # re-render a run's facts: python -m bench.search_scale_render F
    import json
    import sys

    write_docs(render(json.loads(Path(sys.argv[1]).read_text())))
