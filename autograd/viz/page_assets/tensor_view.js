// Whole tensors in the explorer's panel (explorer-panel's): tensorView(parent, values, dims) shows the
// values (strings, as explore_data.py wrote them) laid out by their shape: a number alone, a table for a small
// tensor (one per 2-D slice for 3-D and more; a long vector wrapped in rows), a heatmap with a colour scale
// for a larger one (2-D slices side by side for 3-D; for 4-D, a grid with a row per [i, ·] and a column per
// [·, j], called image and channel where `dims.image` says it is a batch of images (N, C, H, W); cells shrink to keep it within the panel's width (380 px, or 640 px
// when widened: the "wide panel" button, w), a tall thin matrix is drawn transposed and says so). The shape is
// always written above. Loaded before panel.js, which calls it.
function tensorView(parent, values, dims, compared) {  // compared: arrays of texts whose colour scale it shares
  "use strict";
  const TABLE_MAX = 64;  // values shown as a table; more are a heatmap
  const panel = document.getElementById("panel"), room = Math.max(356, panel ? panel.clientWidth - 48 : 0);  // px
  const TABLE_WIDTH = room >= 500 ? 8 : 6;  // a longer vector's table wraps after this many values a row (fits the panel)
  const HEATMAP_HEIGHT = Math.round(300 * room / 356), HEATMAP_WIDTH = room - 36;  // a heatmap's cells shrink to fit
  const GRID_WIDTH = room - 6;  // a grid of images fits this width (each image at least 1 px a value, else it scrolls)
  const view = parent.appendChild(document.createElement("div"));
  view.className = "tensor-view";
  if (dims.length === 0) { text(view, "span", "mono value", values[0]); return view; }
  text(view, "div", "hint shape", "shape (" + dims.join(", ") + (dims.length === 1 ? ",)" : ")"));
  const scale = values.length > TABLE_MAX ? colourScale([].concat.apply(values, compared || [])) : null;
  const wrapped = dims.length === 1 && values.length > TABLE_WIDTH;  // a long vector: rows of 64 (heatmap) or 6
  const cols = wrapped ? Math.min(scale ? 64 : TABLE_WIDTH, dims[0]) : dims[dims.length - 1];
  const rows = wrapped ? Math.ceil(dims[0] / cols) : dims.length === 1 ? 1 : dims[dims.length - 2];
  const transposed = Boolean(scale) && !wrapped && rows > 2 * cols && rows > HEATMAP_HEIGHT / 16;  // tall and thin
  if (wrapped) text(view, "div", "hint wrapped", "wrapped, " + cols + " values a row");
  if (transposed) text(view, "div", "hint transposed", "drawn transposed: a row per column, index [row, column] on hover");
  const slices = dims.slice(0, -2), count = Math.max(1, values.length / Math.max(1, rows * cols));
  const grid = Boolean(scale) && dims.length === 4 && dims[1] > 1 ? imageGrid(view, dims) : null;  // n down, c across
  for (let s = 0; s < count; s++) {
    const at = index(s, slices);
    const box = (grid ? grid.row(at[0]) : view).appendChild(document.createElement("div"));
    box.className = "slice";
    if (grid) box.title = "[" + at.join(", ") + ", :, :]";
    else if (slices.length) text(box, "div", "hint", "[" + at.join(", ") + ", :, :]");
    const part = values.slice(s * rows * cols, (s + 1) * rows * cols);
    const label = wrapped ? function (i, j) { return "[" + (i * cols + j) + "]"; }
                          : function (i, j) { return "[" + at.concat([i, j]).join(", ") + "]"; };
    if (scale) heatmap(box, part, rows, cols, scale, view, label, transposed, grid && grid.width);
    else table(box, part, rows, cols);
  }
  if (scale) legend(view, scale);
  return view;

  function text(into, tag, cls, content) {
    const e = into.appendChild(document.createElement(tag));
    e.className = cls;
    e.textContent = content;
    return e;
  }
  function index(s, shape) {  // the slice's index along the leading dimensions
    const at = [];
    for (let d = shape.length - 1; d >= 0; d--) { at.unshift(s % shape[d]); s = Math.floor(s / shape[d]); }
    return at;
  }
  function table(into, part, r, c) {
    const t = into.appendChild(document.createElement("table"));
    t.className = "values";
    for (let i = 0; i < r; i++) {
      const tr = t.appendChild(document.createElement("tr"));
      for (let j = 0; j < c && i * c + j < part.length; j++) text(tr, "td", "", part[i * c + j]);
    }
  }
  function colourScale(all) {
    let most = 0;
    all.forEach(function (v) { const x = Math.abs(Number(v)); if (isFinite(x) && x > most) most = x; });
    return { most: most || 1 };
  }
  function rgb(v, scale) {  // blue for negative, white for 0, red for positive; grey for nan and inf
    const x = Number(v);
    if (!isFinite(x)) return [160, 160, 160];
    const t = Math.max(-1, Math.min(1, x / scale.most)), fade = Math.round(255 * (1 - Math.abs(t)));
    return t >= 0 ? [255, fade, fade] : [fade, fade, 255];
  }
  function colour(v, scale) { return "rgb(" + rgb(v, scale).join(",") + ")"; }
  function imageGrid(into, shape) {  // a batch of images: a row per image n, a column per channel c, one cell size
    const n = shape[0], c = shape[1], h = shape[2], w = shape[3];  // each image `width` px wide, 1 px a value at least
    const fits = Math.floor((GRID_WIDTH - 22) / c) - 5;
    const width = Math.max(w, Math.min(16 * w, fits, Math.floor(4 * HEATMAP_HEIGHT / n)));
    const axes = dims.image ? "a row per [n, ·] (image), a column per [·, c] (channel): "  // explore_data.is_image
                            : "a row per [i, ·], a column per [·, j]: ";
    text(into, "div", "hint grid", axes + n + " × " + c + " heatmaps of " + h + " × " + w + "; hover for a value");
    const rows = {};
    return { width: width, row: function (k) {
      if (!rows[k]) {
        rows[k] = into.appendChild(document.createElement("div"));
        rows[k].className = "grid-row";
        text(rows[k], "span", "hint", "[" + k + "]");
      }
      return rows[k];
    } };
  }
  function heatmap(into, part, r, c, scale, outer, label, transposed, shown) {  // transposed: row i drawn as column i
    const across = transposed ? r : c, down = transposed ? c : r;  // shown: the width in px (a grid's), else by cell
    const room = count > 1 ? HEATMAP_WIDTH / 2 - 8 : HEATMAP_WIDTH;  // several slices: two side by side at least
    const cell = shown ? Math.ceil(shown / across)
      : Math.max(1, Math.min(16, Math.floor(room / across), Math.floor(HEATMAP_HEIGHT / down)));
    const tall = shown ? cell : Math.max(cell, Math.min(12, Math.floor(48 / down)));  // a few long rows: 48 px at least
    const canvas = into.appendChild(document.createElement("canvas"));  // a pixel a value, scaled up (pixelated)
    canvas.className = "heatmap";
    canvas.width = across;
    canvas.height = down;
    canvas.style.width = (shown || across * cell) + "px";
    canvas.style.height = (shown ? Math.round(shown * down / across) : down * tall) + "px";
    const g = canvas.getContext("2d"), image = g.createImageData(across, down);
    for (let i = 0; i < r; i++) for (let j = 0; j < c && i * c + j < part.length; j++) {
      const at = 4 * (transposed ? j * across + i : i * across + j), value = rgb(part[i * c + j], scale);
      image.data[at] = value[0]; image.data[at + 1] = value[1]; image.data[at + 2] = value[2]; image.data[at + 3] = 255;
    }
    g.putImageData(image, 0, 0);
    canvas.addEventListener("mousemove", function (event) {
      const x = Math.floor(event.offsetX * across / canvas.clientWidth);
      const y = Math.floor(event.offsetY * down / canvas.clientHeight);
      const i = transposed ? x : y, j = transposed ? y : x;
      if (!(i < r && j < c && i * c + j < part.length)) return;
      canvas.title = outer.querySelector(".hover").textContent = label(i, j) + " = " + part[i * c + j];  // and beside it
    });
  }
  function legend(into, scale) {
    const bar = into.appendChild(document.createElement("div"));
    bar.className = "legend";
    const most = String(Number(scale.most.toPrecision(4)));  // 4 significant digits, no trailing zeros
    text(bar, "span", "mono", "-" + most);
    const canvas = bar.appendChild(document.createElement("canvas"));
    canvas.width = 120;
    canvas.height = 10;
    const g = canvas.getContext("2d");
    for (let x = 0; x < 120; x++) { g.fillStyle = colour((x / 119 * 2 - 1) * scale.most, scale); g.fillRect(x, 0, 1, 10); }
    text(bar, "span", "mono", "+" + most);
    text(into, "div", "mono hover", "hover for a value");
  }
}

// A whole array as the page holds it (whole_tensors.py): a list of texts, a summary (one text), or a float32
// tensor's printed digits encoded in base64 ({encoded: "fixed" | "sci", ...}), written back here as texts,
// each as preview.clean_number writes it ('-0.0123', '2', '1.25e-05'); decoded once, when first shown.
function pageValues(v) {
  "use strict";
  if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
  if (v.texts) return v.texts;
  function integers(text, Type) {  // little-endian, as whole_tensors.py wrote them (and every browser reads them)
    const bytes = atob(text), buffer = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) buffer[i] = bytes.charCodeAt(i);
    return new Type(buffer.buffer);
  }
  function point(n, d) {  // the integer n with a point d digits from the right, without the zeros that say nothing
    let s = String(Math.abs(n));
    while (s.length < d + 1) s = "0" + s;
    const fraction = s.slice(s.length - d).replace(/0+$/, "");
    return (n < 0 ? "-" : "") + s.slice(0, s.length - d) + (fraction ? "." + fraction : "");
  }
  const sci = v.encoded === "sci";  // sci: digits × 256 + exponent + 128 in an int32
  const packed = integers(v.values, sci ? Int32Array : { 1: Int8Array, 2: Int16Array, 4: Int32Array }[v.bytes]);
  const texts = new Array(packed.length);
  for (let i = 0; i < packed.length; i++) {
    const e = sci ? (packed[i] & 255) - 128 : 0, n = sci ? (packed[i] - (packed[i] & 255)) / 256 : packed[i];
    texts[i] = n === 0 ? "0" : !sci ? point(n, v.decimals)
      : point(n, v.decimals) + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
  }
  Object.defineProperty(v, "texts", { value: texts });  // kept, not enumerable
  return texts;
}
