// The explorer: steps through the recorded forward and backward passes (explorer-data, made by
// autograd/viz/explore.py) on the Graphviz drawing. States: 0 start, 1..F forward steps, F+1 the
// seed dL/dL = 1, then one state per backward step in the engine's order.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("explorer-data").textContent);
  const F = data.forward.length, B = data.backward.length, LAST = F + 1 + B;
  const panel = document.getElementById("panel");
  const nodes = {};
  let state = 0, timer = null, selected = null;

  document.querySelectorAll("#graph g.node").forEach(function (g) {
    const id = g.querySelector("title").textContent;
    const texts = Array.prototype.slice.call(g.querySelectorAll("text"));
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

  function render() {
    document.body.dataset.state = state;
    const computed = new Set(data.leaves);
    data.forward.slice(0, Math.min(state, F)).forEach(function (s) { computed.add(s.op); computed.add(s.out); });
    const grads = {};
    if (state > F) grads[data.seed.out] = data.seed.grad;
    data.backward.slice(0, Math.max(0, state - F - 1)).forEach(function (s) {
      s.inputs.forEach(function (i) { if (i.grad !== null) grads[i.node] = i.total; });
    });
    const arriving = new Set(state === F + 1 ? [data.seed.out] : state > F + 1
      ? data.backward[state - F - 2].inputs.filter(function (i) { return i.grad !== null; }).map(function (i) { return i.node; })
      : []);
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

  function highlight(op, out, inputs) {
    if (nodes[op]) {
      nodes[op].g.classList.add("current");
      nodes[op].g.scrollIntoView({ block: "nearest", inline: "nearest" });
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

  function forwardPanel(s) {
    highlight(s.op, s.out, []);
    add(panel, "h3", "", "forward, op " + s.number + ": " + s.label);
    add(panel, "div", "rule", s.rule);
    s.inputs.forEach(function (i) { line(panel, i.letter + " = " + i.name + " = ", i.value, "input"); });
    line(panel, "out = " + s.name + " = ", s.value, "input");
  }

  function seedPanel() {
    highlight(data.seed.out, null, []);
    add(panel, "h3", "", "backward starts: the seed");
    add(panel, "p", "", "The gradient of the output with respect to itself, d" + data.seed.name + "/d" +
      data.seed.name + ", is 1 (or the `gradient` passed to backward for a non-scalar output).");
    line(panel, "grad of " + data.seed.name + " = ", data.seed.g, "input");
  }

  function backwardPanel(s) {
    highlight(s.op, s.out, s.inputs.filter(function (i) { return i.grad !== null; }).map(function (i) { return i.node; }));
    add(panel, "h3", "", "backward, op " + s.number + ": " + s.label);
    add(panel, "div", "rule", s.rule);
    line(panel, "g = dL/d(" + s.name + ") = ", s.g, "upstream");
    s.inputs.forEach(function (i) {
      const div = add(panel, "div", "input");
      div.dataset.node = i.node;
      line(div, i.letter + " = " + i.name + " = ", i.value);
      if (i.grad === null) { add(div, "div", "hint", "no gradient: " + i.name + " does not require grad"); return; }
      if (i.spelled) line(div, "d" + i.letter + " = ", i.spelled, "spelled");
      else line(div, "d" + i.letter + " = ", i.grad, "local");
      if (i.summed) add(div, "div", "hint", i.summed);
      if (i.sum) line(div, "sum of paths: grad of " + i.name + " = ", i.sum, "sum");
      const total = line(div, "grad of " + i.name + " so far = ", i.total, "total");
      total.dataset.node = i.node;
    });
  }

  function detailsPanel(id) {
    const d = data.nodes[id];
    if (nodes[id]) nodes[id].g.classList.add("selected");
    if (!d) return;
    add(panel, "h3", "", "node " + id + (d.name ? ": " + d.name : ""));
    const table = add(panel, "table", "details");
    [["kind", d.kind], ["module", d.module || "(none)"], ["step", d.step], ["rule", d.rule], ["shape", d.shape],
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
  document.getElementById("zoom").onclick = function () {
    const graph = document.getElementById("graph");
    graph.classList.toggle("fit");
    this.textContent = graph.classList.contains("fit") ? "full size" : "fit";
  };
  document.addEventListener("keydown", function (event) {
    const actions = { ArrowRight: "next", ArrowDown: "next", ArrowLeft: "back", ArrowUp: "back", Home: "start",
                      End: "end", " ": "play" };
    if (!(event.key in actions)) return;
    event.preventDefault();
    document.getElementById(actions[event.key]).click();
  });
  render();
})();
