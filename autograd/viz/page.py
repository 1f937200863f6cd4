"""The explorer's HTML page: one file, with the SVG drawing, the recorded steps (JSON), the
script and the style all inline. It loads nothing from anywhere, so it opens from disk offline.

Names written by users reach the page in three places, each escaped for it: the title (HTML text),
the SVG (Graphviz escapes its text and attributes), and the JSON of the steps, inside a <script>
element, where the HTML parser reads '</script>' and '<!--' even inside a JSON string: there every
'<', '>' and '&' (and U+2028, U+2029, lone surrogates) is written as a JSON escape, '\u003c', so the
block holds no markup at all."""
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
SVG_WIDTH = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)')
FIT_WIDTH = 1200  # points: a drawing up to this wide is shown fitted to the window, a wider one at full size
SCRIPTS = ("tensor_view.js", "panel.js", "explorer.js")  # whole tensors, the side panel, then the drawing


def explorer_page(svg, data):
    """The whole page for a drawing (`svg` from Graphviz) and its recorded steps (`data`)."""
    template = (ASSETS / "explorer.html").read_text(encoding="utf-8")
    steps = script_json(data)
    pieces = {
        "TITLE": html.escape(data["title"]),
        "STYLE": (ASSETS / "explorer.css").read_text(encoding="utf-8"),
        "SVG": compact_svg(svg),
        "FIT": "fit" if float(SVG_WIDTH.search(svg).group(1)) <= FIT_WIDTH else "",
        "DATA": steps,
        "SCRIPT": "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in SCRIPTS),
    }
    return re.sub(r"/\*(TITLE|STYLE|SVG|FIT|DATA|SCRIPT)\*/", lambda m: pieces[m.group(1)], template)


def script_json(data):
    """`data` as JSON that can sit inside an HTML <script> element, whatever its strings hold."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def compact_svg(svg):
    """Graphviz's SVG without its prologue and comments, with the default font and edge colours
    given once (in the style) and coordinates to a tenth of a point: smaller, the same picture."""
    svg = REPEATED.sub("", SVG_PROLOGUE.sub("", svg)).replace("&#45;", "-").replace("&gt;", ">")

    def rounded(match):
        return f' {match.group(1)}="{DECIMALS.sub(lambda d: d.group(1), match.group(2))}"'

    return COORDINATES.sub(rounded, svg).strip()
