"""Optional scanner-noise cleanup with unpaper (``PageOptions.clean``).

A step that has nothing to do returns its ``input`` path unchanged: that is how every
skipped step says "nothing to do" without copying the page.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from workers.pipeline.context import PageContext
from workers.pipeline.errors import ToolFailedError
from workers.pipeline.image import page_dpi, save_intermediate
from workers.pipeline.tools import unpaper

_NETPBM = {"1": "unpaper-in.pbm", "L": "unpaper-in.pgm", "RGB": "unpaper-in.ppm"}


def clean(input: Path, ctx: PageContext) -> Path:
    """Run unpaper when the job asked for it; otherwise return ``input`` unchanged."""
    ctx.facts["cleaned"] = ctx.options.clean
    if not ctx.options.clean:
        return input
    dpi = page_dpi(ctx)
    with Image.open(input) as image:
        mode = image.mode if image.mode in _NETPBM else "RGB"
        source = ctx.path(_NETPBM[mode])
        image.convert(mode).save(source)
    cleaned = unpaper.clean(source, ctx.path("unpaper-out" + source.suffix), dpi=dpi)
    try:
        with Image.open(cleaned) as result:
            result.load()
            out = save_intermediate(result.convert(mode), ctx.path("cleaned.tif"), dpi)
    except OSError as exc:
        raise ToolFailedError(unpaper.PROGRAM, 0, f"unreadable output: {exc}") from exc
    for scratch in (source, cleaned):  # netpbm copies are large and say nothing new
        scratch.unlink(missing_ok=True)
    return out
