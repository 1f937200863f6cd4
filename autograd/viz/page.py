"""The explorer's HTML page: one file, with the SVG drawing, the recorded steps (JSON), the
script and the style all inline. It loads nothing from anywhere, so it opens from disk offline."""
import html
import json
import re
from pathlib import Path

ASSETS = Path(__file__).parent / "page_assets"
SVG_PROLOGUE = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->", re.S)


def explorer_page(svg, data):
    """The whole page for a drawing (`svg` from Graphviz) and its recorded steps (`data`)."""
    template = (ASSETS / "explorer.html").read_text(encoding="utf-8")
    steps = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    pieces = {
        "TITLE": html.escape(data["title"]),
        "STYLE": (ASSETS / "explorer.css").read_text(encoding="utf-8"),
        "SVG": SVG_PROLOGUE.sub("", svg).strip(),
        "DATA": steps,
        "SCRIPT": (ASSETS / "explorer.js").read_text(encoding="utf-8"),
    }
    return re.sub(r"/\*(TITLE|STYLE|SVG|DATA|SCRIPT)\*/", lambda m: pieces[m.group(1)], template)
