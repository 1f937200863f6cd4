// The explorer: steps through the recorded forward and backward passes (explorer-data, made by
// autograd/viz/explore.py) on the Graphviz drawing. States: 0 start, 1..F forward steps, F+1 the
// seed dL/dL = 1, then one state per backward step in the engine's order.
(function () {
  "use strict";
  const started = performance.now();
  const data = JSON.parse(document.getElementById("explorer-data").textContent);
  const F = data.forward.length, B = data.backward.length, LAST = F + 1 + B;
  const panel = document.getElementById("panel");
  const LETTERS = "abcdefghijklmnopqrstuvwxyz";
  function letterOf(k) { return k < LETTERS.length ? LETTERS[k] : "x" + (k + 1); }  // as explore.input_letter
  const nodes = {};
  let state = 0, timer = null, selected = null;

  document.querySelectorAll("#graph g.node").forEach(function (g) {
    const id = g.querySelector("title").textContent;
    // the rows under the title; the title (bold) is a name, which may itself begin with "data " or "grad "
    const texts = Array.prototype.filter.call(g.querySelectorAll("text"), function (t) {
      return t.getAttribute("font-weight") !== "bold";
    });
    const row = function (prefix) { return texts.filter(function (t) { return t.textContent.indexOf(prefix) === 0; }).pop() || null; };
    nodes[id] = { g: g, data: row("data "), grad: row("grad ") };
    g.addEventListener("click", function () { selected = id; render(); });
  });
  const edges = Array.prototype.map.call(document.querySelectorAll("#graph g.edge"), function (g) {
    const ends = g.querySelector("title").textContent.split("->");
    return { g: g, from: ends[0], to: ends[1] };
  });

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

  function shown(id) {
    const known = data.tensors[id] || data.ops[id];
    return known && known.shown ? known.shown : id;
  }
  function nameOf(id) { return data.tensors[id].name; }

  function render() {
    document.body.dataset.state = state;
    const computed = new Set();
    Object.keys(data.tensors).forEach(function (id) { if (data.tensors[id].leaf) computed.add(shown(id)); });
    data.forward.slice(0, Math.min(state, F)).forEach(function (s) { computed.add(shown(s.op)); computed.add(shown(s.out)); });
    const grads = {};
    if (state > F) grads[shown(data.seed.out)] = data.seed.grad;
    data.backward.slice(0, Math.max(0, state - F - 1)).forEach(function (s) {
      s.inputs.forEach(function (i, k) { if (i.grad) grads[shown(data.ops[s.op].inputs[k])] = i.total; });
    });
    const arriving = new Set(state === F + 1 ? [shown(data.seed.out)] : state > F + 1 ? receivers(data.backward[state - F - 2]) : []);
    Object.keys(nodes).forEach(function (id) {
      const n = nodes[id];
      n.g.classList.remove("current", "receiving", "selected");
      n.g.classList.toggle("pending", !computed.has(id) && id !== "elided");
      if (n.data) n.data.style.visibility = computed.has(id) ? "visible" : "hidden";
      if (n.grad) {
        n.grad.style.visibility = id in grads ? "visible" : "hidden";
        n.grad.classList.toggle("grad-row", arriving.has(id));
        if (id in grads) n.grad.textContent = "grad " + grads[id];
      }
    });
    edges.forEach(function (e) { e.g.classList.remove("flow"); });
    panel.textContent = "";
    if (state === 0) startPanel();
    else if (state <= F) forwardPanel(data.forward[state - 1]);
    else if (state === F + 1) seedPanel();
    else backwardPanel(data.backward[state - F - 2]);
    if (selected !== null) detailsPanel(selected);
    document.getElementById("step-label").textContent = state === 0 ? "start" : state <= F
      ? "forward " + state + " / " + F : "backward " + (state - F - 1) + " / " + B;
    document.getElementById("play").textContent = timer ? "❚❚ pause" : "▶ play";
  }

  function receivers(s) {
    const inputs = data.ops[s.op].inputs;
    return inputs.filter(function (id, k) { return s.inputs[k].grad; }).map(shown);
  }

  function highlight(op, out, inputs) {
    op = shown(op);
    out = out === null ? null : shown(out);
    if (nodes[op]) {
      nodes[op].g.classList.add("current");
      nodes[op].g.scrollIntoView({ block: "center", inline: "center" });
    }
    inputs.forEach(function (id) { if (nodes[id]) nodes[id].g.classList.add("receiving"); });
    edges.forEach(function (e) {
      if ((e.to === op && inputs.indexOf(e.from) >= 0) || (e.from === op && e.to === out)) e.g.classList.add("flow");
    });
  }

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
    highlight(s.op, s.out, []);
    const o = opHeading("forward", s.op);
    o.inputs.forEach(function (id, k) { line(panel, letterOf(k) + " = " + nameOf(id) + " = ", data.tensors[id].data, "input"); });
    line(panel, "out = " + nameOf(s.out) + " = ", data.tensors[s.out].data, "input");
  }

  function seedPanel() {
    const name = nameOf(data.seed.out);
    highlight(data.seed.out, null, []);
    add(panel, "h3", "", "backward starts: the seed");
    add(panel, "p", "", "The gradient of the output with respect to itself, d" + name + "/d" + name +
      ", is 1 (or the `gradient` passed to backward for a non-scalar output).");
    line(panel, "grad of " + name + " = ", data.seed.g, "input");
  }

  function backwardPanel(s) {
    highlight(s.op, s.out, receivers(s));
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
    if (nodes[id]) nodes[id].g.classList.add("selected");
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

  function go(next) {
    state = Math.max(0, Math.min(LAST, next));
    selected = null;
    if (state === LAST) stop();
    render();
  }
  function stop() { if (timer) { clearInterval(timer); timer = null; } }
  function play() {
    if (timer) { stop(); render(); return; }
    if (state === LAST) state = 0;
    timer = setInterval(function () { go(state + 1); }, 700);
    render();
  }

  document.getElementById("start").onclick = function () { stop(); go(0); };
  document.getElementById("back").onclick = function () { stop(); go(state - 1); };
  document.getElementById("next").onclick = function () { stop(); go(state + 1); };
  document.getElementById("end").onclick = function () { stop(); go(LAST); };
  document.getElementById("play").onclick = play;
  const zoom = document.getElementById("zoom"), graph = document.getElementById("graph");
  function zoomLabel() { zoom.textContent = graph.classList.contains("fit") ? "full size" : "fit"; }
  zoom.onclick = function () { graph.classList.toggle("fit"); zoomLabel(); };
  document.addEventListener("keydown", function (event) {
    const actions = { ArrowRight: "next", ArrowDown: "next", ArrowLeft: "back", ArrowUp: "back", Home: "start",
                      End: "end", " ": "play" };
    if (!(event.key in actions)) return;
    event.preventDefault();
    document.getElementById(actions[event.key]).click();
  });
  zoomLabel();
  const linked = /^#(\d+)$/.exec(location.hash);  // page.html#12 opens at state 12
  if (linked) state = Math.min(LAST, Number(linked[1]));
  render();
  document.body.dataset.readyMs = Math.round(performance.now() - started);  // the script's own start-up time
})();
