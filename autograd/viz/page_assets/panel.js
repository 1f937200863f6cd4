// The explorer's side panel (explorer-panel's half of the script): what the page says at each state, from
// the page's data (explore_data.py). page.py puts this file before explorer.js in the page's one script element;
// explorer.js (the drawing: highlighting, stepping, zoom) calls ExplorerPanel(data, panel) once and then
// .start(), .forward(step), .seed(), .backward(step), .details(id) when it renders a state.
function ExplorerPanel(data, panel) {
  "use strict";
  const LETTERS = "abcdefghijklmnopqrstuvwxyz";
  function letterOf(k) { return k < LETTERS.length ? LETTERS[k] : "x" + (k + 1); }  // as explore_data.input_letter

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function add(parent, tag, cls, text) { return parent.appendChild(el(tag, cls, text)); }
  function line(parent, label, value, cls) {
    const div = add(parent, "div", cls);
    add(div, "span", "", label);
    add(div, "span", "mono value", value);
    return div;
  }
  function nameOf(id) { return data.tensors[id].name; }

  function startPanel() {
    add(panel, "h3", "", "Step through backpropagation");
    add(panel, "p", "", "→ runs the forward pass one op at a time, in topological order (the number on each op), " +
      "then the backward pass in the order the engine runs it. ← goes back, space plays, Home / End jump.");
    add(panel, "p", "hint", "Click any node for its details.");
  }

  function opHeading(direction, op) {
    const o = data.ops[op];
    add(panel, "h3", "", direction + ", op " + o.step + ": " + o.label + (o.module ? "  (" + o.module + ")" : ""));
    add(panel, "div", "rule", data.rules[o.rule]);
    return o;
  }

  function forwardPanel(s) {
    const o = opHeading("forward", s.op);
    o.inputs.forEach(function (id, k) { line(panel, letterOf(k) + " = " + nameOf(id) + " = ", data.tensors[id].data, "input"); });
    line(panel, "out = " + nameOf(s.out) + " = ", data.tensors[s.out].data, "input");
  }

  function seedPanel() {
    const name = nameOf(data.seed.out);
    add(panel, "h3", "", "backward starts: the seed");
    add(panel, "p", "", "The gradient of the output with respect to itself, d" + name + "/d" + name +
      ", is 1 (or the `gradient` passed to backward for a non-scalar output).");
    line(panel, "grad of " + name + " = ", data.seed.g, "input");
  }

  function backwardPanel(s) {
    const o = opHeading("backward", s.op);
    line(panel, "g = dL/d(" + nameOf(s.out) + ") = ", s.g, "upstream");
    s.inputs.forEach(function (i, k) {
      const id = o.inputs[k], name = nameOf(id), letter = letterOf(k);
      const div = add(panel, "div", "input");
      div.dataset.tensor = id;
      line(div, letter + " = " + name + " = ", data.tensors[id].data);
      if (!i.grad) { add(div, "div", "hint", "no gradient: " + name + " does not require grad"); return; }
      if (i.spelled) line(div, "d" + letter + " = ", i.spelled, "spelled");
      else line(div, "d" + letter + " = ", i.grad, "local");
      if (i.summed) add(div, "div", "hint", i.summed);
      if (i.sum) line(div, "sum of paths: grad of " + name + " = ", i.sum, "sum");
      line(div, "grad of " + name + " so far = ", i.total, "total");
    });
  }

  function detailsPanel(id) {
    const op = data.ops[id], d = data.tensors[id] || data.boxes[id] || op;
    if (!d) return;
    add(panel, "h3", "", "node " + id + ": " + (op ? op.label : d.name));
    const table = add(panel, "table", "details");
    [["module", d.module || "(none)"], ["step", d.step], ["rule", op && data.rules[op.rule]], ["shape", d.shape],
     ["data", d.data], ["grad", d.grad]].forEach(function (row) {
      if (row[1] === undefined || row[1] === "") return;
      const tr = add(table, "tr");
      add(tr, "td", "", row[0]);
      add(tr, "td", "", String(row[1]));
    });
  }

  return { start: startPanel, forward: forwardPanel, seed: seedPanel, backward: backwardPanel, details: detailsPanel };
}
