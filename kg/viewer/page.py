"""The graph page: one self-contained HTML file (vis-network, styles, data and script inline).

Nothing is fetched when the page opens: vis-network's JavaScript and CSS come from the
copy inside the pyvis package, and a Content-Security-Policy forbids any request and
any script but the page's own two (by hash), so even an injected `onerror=` would not run.

Data from the corpus goes into a `<script type="application/json">` block, JSON-encoded
with `<`, `>` and `&` escaped, so no name or sentence can close the block.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import ConfigError

__all__ = ["render_page", "safe_json", "vis_assets"]

_VIS_VERSION = "vis-9.1.2"


def safe_json(data: Any) -> str:
    """JSON that is safe inside an HTML `<script>` element.

    >>> safe_json({"name": "</script><img src=x onerror=alert(1)>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    # U+2028/9 are legal in JSON but were line breaks in older JavaScript parsers
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS, read from the copy pyvis ships.

    Raises:
        ConfigError: pyvis is missing or ships no vis-network.
    """
    try:
        import pyvis
    except ImportError as exc:
        raise ConfigError("the graph page needs pyvis; install it with `pip install pyvis`") from exc
    folder = Path(pyvis.__file__).parent / "lib" / _VIS_VERSION
    js, css = folder / "vis-network.min.js", folder / "vis-network.css"
    if not js.is_file() or not css.is_file():
        raise ConfigError(
            f"pyvis at {folder.parent} ships no {_VIS_VERSION}; install pyvis 0.3.2 (`pip install 'pyvis==0.3.2'`)"
        )
    return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")


def _asset(name: str) -> str:
    return resources.files("kg.viewer").joinpath("assets", name).read_text(encoding="utf-8")


def _script_hash(script: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"
    )


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_page(payload: dict[str, Any]) -> str:
    """The HTML of the page for `payload` (see `kg.viewer.data.page_data`)."""
    vis_js, vis_css = vis_assets()
    viewer_js = _asset("viewer.js")
    for script in (vis_js, viewer_js):
        if "</script" in script.lower():  # would end the inline block early
            raise ConfigError("a viewer script contains '</script'; it cannot be inlined")
    html = _asset("page.html")
    csp_scripts = f"script-src {_script_hash(vis_js)} {_script_hash(viewer_js)}"
    parts = {
        "{{TITLE}}": _html_text(str(payload.get("title", "kg graph"))),
        "{{VIS_CSS}}": vis_css,
        "{{VIEWER_CSS}}": _asset("viewer.css"),
        "{{DATA}}": safe_json(payload),
        "{{VIS_JS}}": vis_js,
        "{{VIEWER_JS}}": viewer_js,
    }
    html = html.replace("script-src 'unsafe-inline'", csp_scripts)
    # one pass, so a placeholder inside the data or a script is never expanded again
    out: list[str] = []
    rest = html
    while "{{" in rest:
        head, _, tail = rest.partition("{{")
        name, _, rest = tail.partition("}}")
        out.append(head)
        out.append(parts["{{" + name + "}}"])
    out.append(rest)
    return "".join(out)
