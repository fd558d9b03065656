"""The explorer as one HTML file: the page, its style and script, Apache ECharts and a CJK font subset,
all inline, with the flow data embedded as JSON.  Nothing is loaded from the network."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from budgetkg.flows.fonts import FONT_FAMILY, font_face

DEFAULT_MIN_SHARE = 0.01


def _asset(name: str) -> str:
    return files("budgetkg.flows").joinpath("assets").joinpath(name).read_text(encoding="utf-8")


def _script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def render_page(
    data: dict[str, Any],
    title: str = "一般公共预算资金流向",
    chosen: dict[str, str] | None = None,
    min_share: float = DEFAULT_MIN_SHARE,
    link_base: str | None = None,
) -> str:
    """The explorer page for ``data`` (from :func:`budgetkg.flows.data.flow_data`).

    ``chosen`` preselects region, year, phase and department; ``min_share`` is the share of its
    source below which flows are grouped into 其他; ``link_base`` replaces the IRI base in the links to
    documents and lines (the server's own address, so that links open its pages).
    """
    settings = {"title": title, "chosen": chosen or {}, "minShare": min_share, "linkBase": link_base}
    template = _asset("explorer.html")
    script = _asset("explorer.js")
    text_of_page = template + script + _script_json(data) + title
    style = font_face(text_of_page) + "\n" + _asset("explorer.css").replace("FONT_FAMILY", FONT_FAMILY)
    return (
        template.replace("{{title}}", title.replace("&", "&amp;").replace("<", "&lt;"))
        .replace("/*{{style}}*/", style)
        .replace("/*{{echarts}}*/", _asset("echarts.min.js").replace("</script", "<\\/script"))
        .replace("/*{{settings}}*/", _script_json(settings))
        .replace("/*{{data}}*/", _script_json(data))
        .replace("/*{{explorer}}*/", script)
    )
