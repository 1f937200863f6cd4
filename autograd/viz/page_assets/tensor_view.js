// Whole tensors in the explorer's panel (explorer-panel's): tensorView(parent, values, dims) shows the
// values (strings, as explore_data.py wrote them) laid out by their shape: a number alone, a table for a small
// tensor (one per 2-D slice for 3-D and more), a heatmap with a colour scale for a larger one (a grid of 2-D
// slices for 3-D / 4-D). The shape is always written above. Loaded before panel.js, which calls it.
function tensorView(parent, values, dims) {
  "use strict";
  const TABLE_MAX = 64;  // values shown as a table; more are a heatmap
  const view = parent.appendChild(document.createElement("div"));
  view.className = "tensor-view";
  if (dims.length === 0) { text(view, "span", "mono value", values[0]); return view; }
  text(view, "div", "hint shape", "shape (" + dims.join(", ") + (dims.length === 1 ? ",)" : ")"));
  const scale = values.length > TABLE_MAX ? colourScale(values) : null;
  const wrapped = dims.length === 1 && scale;  // a long vector: a heatmap 64 values wide
  const cols = wrapped ? Math.min(64, dims[0]) : dims[dims.length - 1];
  const rows = wrapped ? Math.ceil(dims[0] / cols) : dims.length === 1 ? 1 : dims[dims.length - 2];
  const slices = dims.slice(0, -2), count = Math.max(1, values.length / Math.max(1, rows * cols));
  for (let s = 0; s < count; s++) {
    const box = view.appendChild(document.createElement("div"));
    box.className = "slice";
    if (slices.length) text(box, "div", "hint", "[" + index(s, slices).join(", ") + ", :, :]");
    const part = values.slice(s * rows * cols, (s + 1) * rows * cols);
    const at = index(s, slices);
    const label = wrapped ? function (i, j) { return "[" + (i * cols + j) + "]"; }
                          : function (i, j) { return "[" + at.concat([i, j]).join(", ") + "]"; };
    if (scale) heatmap(box, part, rows, cols, scale, view, label);
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
      for (let j = 0; j < c; j++) text(tr, "td", "", part[i * c + j]);
    }
  }
  function colourScale(all) {
    let most = 0;
    all.forEach(function (v) { const x = Math.abs(Number(v)); if (isFinite(x) && x > most) most = x; });
    return { most: most || 1 };
  }
  function colour(v, scale) {  // blue for negative, white for 0, red for positive; grey for nan and inf
    const x = Number(v);
    if (!isFinite(x)) return "rgb(160,160,160)";
    const t = Math.max(-1, Math.min(1, x / scale.most)), fade = Math.round(255 * (1 - Math.abs(t)));
    return t >= 0 ? "rgb(255," + fade + "," + fade + ")" : "rgb(" + fade + "," + fade + ",255)";
  }
  function heatmap(into, part, r, c, scale, outer, label) {
    const cell = Math.max(2, Math.min(16, Math.floor(320 / c)));
    const canvas = into.appendChild(document.createElement("canvas"));
    canvas.className = "heatmap";
    canvas.width = c * cell;
    canvas.height = r * cell;
    const g = canvas.getContext("2d");
    for (let i = 0; i < r; i++) for (let j = 0; j < c && i * c + j < part.length; j++) {
      g.fillStyle = colour(part[i * c + j], scale);
      g.fillRect(j * cell, i * cell, cell, cell);
    }
    canvas.addEventListener("mousemove", function (event) {
      const i = Math.floor(event.offsetY / cell), j = Math.floor(event.offsetX / cell);
      if (i < r && j < c && i * c + j < part.length) outer.querySelector(".hover").textContent = label(i, j) + " = " + part[i * c + j];
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
