"""The CJK font of the explorer, cut down to the characters a page uses and embedded as a data URI.

The package carries a GB 2312 subset of WenQuanYi Micro Hei (Apache-2.0, licence beside it); a page
embeds only the glyphs of its own text, so labels never fall back to boxes on a machine without a
Chinese font, and the page stays small.
"""

from __future__ import annotations

import base64
import io
from importlib.resources import files

from fontTools import subset
from fontTools.ttLib import TTFont

FONT_FAMILY = "BudgetKG CJK"
FONT_ASSET = "wqy-microhei-gb2312.woff"


def font_face(text: str) -> str:
    """An ``@font-face`` rule holding the glyphs of the characters in ``text``."""
    source = files("budgetkg.flows").joinpath("assets", FONT_ASSET).read_bytes()
    font = TTFont(io.BytesIO(source))
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    wanted = {ord(char) for char in text if not char.isspace()} | {ord(" ")}
    subsetter.populate(unicodes=sorted(wanted))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    data = base64.b64encode(out.getvalue()).decode("ascii")
    return (
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-display: block; '
        f'src: url(data:font/woff;base64,{data}) format("woff"); }}'
    )
