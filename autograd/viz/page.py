"""The explorer's HTML page: one file, with the SVG drawings, the recorded steps (JSON), the
script and the style all inline. It loads nothing from anywhere, so it opens from disk offline.

Names written by users reach the page in three places, each escaped for it: the title (HTML text),
the SVG (Graphviz escapes its text and attributes), and the JSON of the steps, inside a <script>
element, where the HTML parser reads '</script>' and '<!--' even inside a JSON string: there every
'<', '>' and '&' (and U+2028, U+2029, lone surrogates) is written as a JSON escape, '\u003c', so the
block holds no markup at all. The drawings travel as JSON strings in a <script> element of their own,
where '<!' and '</s' are escaped (drawings_json)."""
import html
import json
import re
from pathlib import Path

ASSETS = Path(__file__).parent / "page_assets"
SVG_PROLOGUE = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->", re.DOTALL)
# Attributes that the style sets once for the whole drawing (explorer.css), and element ids nothing reads.
REPEATED = re.compile(r' font-family="Helvetica,sans-Serif"| font-size="10.00"| id="(node|edge)\d+"'
                      r'|(?<=<path) fill="none" stroke="#555555"|(?<=<polygon) fill="#555555" stroke="#555555"')
COORDINATES = re.compile(r' (points|d|x|y|cx|cy|rx|ry)="([^"]*)"')
DECIMALS = re.compile(r"(\.\d)\d+")
JSON_UNSAFE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")
# In Graphviz's SVG every '<' opens one of its tags (text is escaped, comments removed): only '<!' and '</s' (as
# in '</script') could end a <script> element or start a comment in it, so only they are escaped there.
SCRIPT_BREAKING = re.compile("<(?=!|/[sS])")
SCRIPTS = ("tensor_view.js", "panel.js", "graph_view.js", "explorer.js")  # tensors, panel, drawings, then steps


def explorer_page(svgs, data):
    """The whole page for its drawings (`svgs` from Graphviz, one per view of data["views"]) and its recorded
    steps (`data`). The drawings are JSON strings that the script puts in the page one at a time, so a page of
    hundreds of them opens as fast as a page of one."""
    template = (ASSETS / "explorer.html").read_text(encoding="utf-8")
    steps = script_json(data)
    pieces = {
        "TITLE": html.escape(data["title"]),
        "STYLE": (ASSETS / "explorer.css").read_text(encoding="utf-8"),
        "VIEWS": drawings_json([compact_svg(svg) for svg in svgs]),
        "DATA": steps,
        "SCRIPT": "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in SCRIPTS),
    }
    return re.sub(r"/\*(TITLE|STYLE|VIEWS|DATA|SCRIPT)\*/", lambda m: pieces[m.group(1)], template)


def script_json(data):
    """`data` as JSON that can sit inside an HTML <script> element, whatever its strings hold."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def drawings_json(svgs):
    """Graphviz's drawings as a JSON list of strings that can sit inside an HTML <script> element."""
    text = json.dumps(svgs, ensure_ascii=False, separators=(",", ":"))
    return SCRIPT_BREAKING.sub(lambda match: "\\u003c", text)


def compact_svg(svg):
    """Graphviz's SVG without its prologue and comments, with the default font and edge colours
    given once (in the style) and coordinates to a tenth of a point: smaller, the same picture."""
    svg = REPEATED.sub("", SVG_PROLOGUE.sub("", svg)).replace("&#45;", "-").replace("&gt;", ">")

    def rounded(match):
        return ' ' + match.group(1) + '="' + DECIMALS.sub(r"\1", match.group(2)) + '"'

    return COORDINATES.sub(rounded, svg).strip()
