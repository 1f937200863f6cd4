// The explorer's side panel (explorer-panel's half of the script): what the page says at each state, from
// the page's data (explore_data.py). page.py puts tensor_view.js and this file before explorer.js in the page's
// one script element; explorer.js (the drawing: highlighting, stepping, zoom) calls
// ExplorerPanel(data, panel, select) once, then .start(), .forward(step), .seed(), .backward(step, state) and
// .details(id, state) when it renders a state; select(id) is how the panel asks for a tensor's details.
function ExplorerPanel(data, panel, select) {
  "use strict";
  const LETTERS = "abcdefghijklmnopqrstuvwxyz";
  const F = data.forward.length;
  const SMALL = 4;  // values a summary line shows; a larger tensor given whole is shown as a table or heatmap
  Object.keys(data.tensors).forEach(function (id) {  // the dims of a batch of images say so, wherever they go
    const t = data.tensors[id];
    if (t.image) Object.defineProperty(t.dims, "image", { value: true });  // read by tensorView's grid caption
  });
  function letterOf(k) { return k < LETTERS.length ? LETTERS[k] : "x" + (k + 1); }  // as explore_data.input_letter

  function add(parent, tag, cls, text) {
    const e = parent.appendChild(document.createElement(tag));
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function line(parent, label, value, cls) {
    const div = add(parent, "div", cls);
    add(div, "span", "", label);
    add(div, "span", "mono value", value);
    return div;
  }
  function arrayLine(parent, label, v, dims, cls, arrays) {  // a label, then an array shown by show()
    const div = add(parent, "div", cls);
    add(div, "span", "", label);
    show(div, v, dims, arrays);
    return div;
  }
  function nameOf(id) { return data.tensors[id].name; }
  const L = nameOf(data.seed.out);
  function dOutput(id) {  // 'dL/d(h)', or 'd(loss)/d(h)' for a longer name
    return (L.length === 1 ? "d" + L : "d(" + L + ")") + "/d(" + nameOf(id) + ")";
  }
  function oneLine(v, dims) {  // a short array on one line: '1.5', '[1, -2, 0.5]'
    return dims.length === 0 ? v[0] : "[" + v.join(", ") + "]";
  }
  function fitsOneLine(v, dims) {  // whether `show` writes v on one line
    v = pageValues(v);
    return !Array.isArray(v) || (dims.length <= 1 && v.length <= SMALL);
  }
  function show(parent, v, dims, arrays) {  // an array of the page: a summary (text), or every value laid out by its
    // shape; a heatmap's colour scale spans `arrays` when given (those it is compared with), else v alone
    v = pageValues(v);
    if (!Array.isArray(v)) {
      const text = add(parent, "span", "mono value", v);
      if (/^shape /.test(v)) add(parent, "div", "hint cut", "summarised: too large to keep whole in this page");
      return text;
    }
    if (fitsOneLine(v, dims)) return add(parent, "span", "mono value", oneLine(v, dims));
    return tensorView(parent, v, dims, arrays && arrays.map(pageValues));
  }
  function tensorLink(parent, id) {  // a tensor's name: click it for its details
    const a = add(parent, "a", "tensor", nameOf(id));
    a.href = "#";
    a.onclick = function (event) { event.preventDefault(); event.stopPropagation(); select(id); };
    return a;
  }
  function inputRow(table, letter, id) {  // rule letter | tensor | value: the letter and the name kept apart
    const tr = add(table, "tr", "io");
    tr.title = "click for all of " + nameOf(id) + "'s values and its gradient";
    tr.onclick = function (event) { event.preventDefault(); select(id); };
    add(tr, "td", "letter", letter);
    tensorLink(add(tr, "td"), id);
    const t = data.tensors[id];
    if (fitsOneLine(t.data, t.dims)) { show(add(tr, "td"), t.data, t.dims); return tr; }
    add(tr, "td", "hint", "shape (" + t.dims.join(", ") + (t.dims.length === 1 ? ",)" : ")") + " ↓");
    const cell = add(add(table, "tr", "io-values"), "td");  // a table or heatmap under the row, full width
    cell.colSpan = 3;
    show(cell, t.data, t.dims);
    return tr;
  }
  function ioTable(parent) {
    const table = add(parent, "table", "io");
    const head = add(table, "tr", "hint");
    ["in the rule", "tensor", "value"].forEach(function (h) { add(head, "th", "", h); });
    return table;
  }

  function startPanel() {
    add(panel, "h3", "", "Step through backpropagation");
    add(panel, "p", "", "→ runs the forward pass one op at a time, in the order the code ran them (the number on " +
      "each op), then the backward pass in the order the engine runs it. ← goes back, space plays, Home / End jump.");
    add(panel, "p", "", "Tensors are called by their names in the model (0.weight), the module that returned " +
      "them (fc1.out), the name your code gave them, the name a layer or function gives what it computes " +
      "(x − max inside log_softmax, recurrent.h3: an RNN's state after step 3), or else the op that made them " +
      "and its number (tanh5: op 5's result). " + L + " is the output, the tensor the backward pass differentiates.");
    add(panel, "p", "", "Tensors that need no gradient: 'input' is the model's input (the first data a module " +
      "reads; 'input as rows' or 'input reshaped' where a module read it in another shape); a number (32, 0.5) is a constant of that value; const1, const2, ... are the other constants the " +
      "code gave or made (a mask, a starting state you passed), numbered in the order the ops read them; " +
      "leaf1, leaf2, ... are unnamed tensors that require grad.");
    if (data.counting) add(panel, "p", "", data.counting);  // how ops and time steps are numbered (naming.py)
    add(panel, "p", "hint", "Click any node, or a tensor's name here, to see all its values and its gradient. " +
      "Keys: f follows the op into the box that holds it, w widens this panel for large tensors, + / − zoom, " +
      "0 fits the drawing to the window (never below legible: drag or scroll for the rest), Esc goes up a box.");
  }

  function opHeading(direction, op) {
    const o = data.ops[op];
    add(panel, "h3", "", direction + ", op " + o.step + ": " + o.label + (o.module ? "  (" + o.module + ")" : ""));
    add(panel, "div", "rule", data.rules[o.rule]);
    return o;
  }

  function forwardPanel(s) {
    const o = opHeading("forward", s.op);
    const table = ioTable(panel);
    o.inputs.forEach(function (id, k) { inputRow(table, letterOf(k), id).classList.add("input"); });
    inputRow(table, "out", s.out).classList.add("input");
  }

  function seedPanel() {
    add(panel, "h3", "", "backward starts: the seed");
    add(panel, "p", "", "The output, " + L + ", is what the backward pass differentiates: its gradient with respect " +
      "to itself, " + dOutput(data.seed.out) + ", is 1 (or the `gradient` passed to backward for a non-scalar output).");
    const div = add(panel, "div", "input");
    add(div, "span", "", "grad of " + L + " = ");
    show(div, data.tensors[data.seed.out].grads[0][1], data.tensors[data.seed.out].dims);
  }

  function backwardPanel(s, state) {
    const o = opHeading("backward", s.op), b = state - F - 2, arrived = {};
    function soFar(id) {  // the id's [step, gradient] after this input's share of step b (an op may read it twice)
      arrived[id] = (arrived[id] || 0) + 1;
      return data.tensors[id].grads.filter(function (entry) { return entry[0] === b; })[arrived[id] - 1];
    }
    const out = data.tensors[s.out], g = s.g !== undefined ? s.g : out.grads[out.grads.length - 1][1];
    arrayLine(panel, "g = " + dOutput(s.out) + " = ", g, out.dims, "upstream");
    s.inputs.forEach(function (i, k) {
      const id = o.inputs[k], name = nameOf(id), letter = letterOf(k), t = data.tensors[id];
      const div = add(panel, "div", "input");
      div.dataset.tensor = id;
      inputRow(add(div, "table", "io"), letter, id);
      if (!i.total) { add(div, "div", "hint", "no gradient: " + name + " does not require grad"); return; }
      const total = soFar(id), path = i.grad !== undefined ? i.grad : total[1];
      const before = i.sum && typeof i.sum !== "string" ? t.grads[t.grads.indexOf(total) - 1] : null;
      const sum = before ? [path, before[1], total[1]] : null;  // before + this path = total: one colour scale
      if (i.derivative) line(div, "", i.derivative, "derivative");
      if (i.spelled) line(div, "d" + letter + " = ", i.spelled, "spelled");
      else arrayLine(div, "d" + letter + " = ", path, t.dims, "local", sum);
      if (i.summed) add(div, "div", "hint", i.summed);
      if (typeof i.sum === "string") line(div, "sum of paths: grad of " + name + " = ", i.sum, "sum");
      else if (i.sum) {  // before + this path = total, each laid out whole where the page holds it whole
        add(div, "div", "sum", "sum of paths: grad of " + name + " = the sum along the paths before + d" +
            letter + " (this path, above)" + (sum ? ", drawn on one colour scale:" : ":"));
        if (before) arrayLine(div, "grad of " + name + " before = ", before[1], t.dims, "before", sum);
      }
      arrayLine(div, "grad of " + name + " so far = ", total[1], t.dims, "total", sum);
    });
    if (s.check) rowCheck(s.check);
  }

  function rowCheck(check) {  // softmax − one-hot, row by row, against the gradient shown
    add(panel, "h3", "", check.title);
    add(panel, "div", "hint", check.formula);
    const table = add(panel, "table", "values check");
    const head = add(table, "tr", "hint");
    check.columns.forEach(function (h) { add(head, "th", "", h); });
    check.rows.forEach(function (row) {
      const tr = add(table, "tr");
      row.forEach(function (cell) { add(tr, "td", "", cell); });
    });
  }

  function gradientAt(t, state) {  // [k, values] of the last gradient that had arrived by `state`, or null
    const done = state - F - 2;  // backward steps done (-1: only the seed)
    let last = null;
    (t.grads || []).forEach(function (entry) { if (state > F && entry[0] <= done) last = entry; });
    return last;
  }

  function tensorDetails(id, state) {
    const t = data.tensors[id], by = t.by && data.ops[t.by];
    add(panel, "h3", "", "tensor " + t.name);
    const table = add(panel, "table", "details");
    function row(label) { const tr = add(table, "tr"); add(tr, "td", "", label); return add(tr, "td"); }
    const shape = t.dims.length === 0 ? "scalar" : "(" + t.dims.join(", ") + (t.dims.length === 1 ? ",)" : ")");
    row("shape").textContent = shape + " " + t.dtype;  // as the drawing writes it
    if (t.module) row("module").textContent = t.module;
    row("made by").textContent = by ? "op " + by.step + ": " + by.label : "nothing: a leaf";
    if (t.summarised) add(panel, "div", "hint", "too large to keep whole in this page (" + t.summarised +
      " values; it keeps tensors up to " + data.budget.tensor + " values, " + data.budget.page + " in all): summarised");
    const computed = by ? state >= by.step : !t.appears || state >= t.appears;
    add(panel, "div", "section", "data");
    if (computed) show(panel, t.data, t.dims);
    else if (by) add(panel, "div", "hint", "not computed yet: op " + by.step + " computes it at forward step " + by.step);
    else add(panel, "div", "hint", "not computed yet: the forward pass computes this constant for op " + t.appears +
                                   ", which reads it at forward step " + t.appears);
    add(panel, "div", "section", "grad");
    const grad = gradientAt(t, state);
    if (grad) show(panel, grad[1], t.dims);
    else add(panel, "div", "hint", t.grads ? "no gradient yet: it arrives in the backward pass"
                                           : "none: no gradient reaches it");
  }

  function opDetails(id, state) {
    const o = data.ops[id];
    add(panel, "h3", "", "op " + o.step + ": " + o.label);
    const table = add(panel, "table", "details");
    function row(label) { const tr = add(table, "tr"); add(tr, "td", "", label); return add(tr, "td"); }
    if (o.module) row("module").textContent = o.module;
    row("rule").textContent = data.rules[o.rule];
    row("runs").textContent = "forward step " + o.step + (state >= o.step ? " (done)" : " (not yet)");
    const io = row("inputs");
    o.inputs.forEach(function (i, k) { add(io, "span", "", letterOf(k) + ": "); tensorLink(io, i); add(io, "br"); });
    tensorLink(row("output"), o.out);
  }

  function detailsPanel(id, state) {
    const start = panel.childNodes.length;
    if (data.tensors[id]) tensorDetails(id, state);
    else if (data.ops[id]) opDetails(id, state);
    else if (data.boxes[id]) {
      const box = data.boxes[id];
      add(panel, "h3", "", box.kind === "module" ? "module " + (box.module ? box.module + " / " : "") + box.name : box.name);
    }
    if (panel.childNodes[start]) panel.childNodes[start].scrollIntoView({ block: "start" });  // the details, in view
  }

  return { start: startPanel, forward: forwardPanel, seed: seedPanel, backward: backwardPanel, details: detailsPanel };
}
