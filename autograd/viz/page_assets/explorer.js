// The explorer: steps through the recorded forward and backward passes (explorer-data, made by
// autograd/viz/explore.py) on the Graphviz drawing. States: 0 start, 1..F forward steps, F+1 the
// seed dL/dL = 1, then one state per backward step in the engine's order.
(function () {
  "use strict";
  const started = performance.now();
  const data = JSON.parse(document.getElementById("explorer-data").textContent);
  const F = data.forward.length, B = data.backward.length, LAST = F + 1 + B;
  const panel = document.getElementById("panel");
  const says = ExplorerPanel(data, panel, function (id) { selected = id; render(); });  // the side panel (panel.js)
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

  function shown(id) {
    const known = data.tensors[id] || data.ops[id];
    return known && known.shown ? known.shown : id;
  }

  function render() {
    document.body.dataset.state = state;
    const computed = new Set();
    Object.keys(data.tensors).forEach(function (id) { if (data.tensors[id].leaf) computed.add(shown(id)); });
    data.forward.slice(0, Math.min(state, F)).forEach(function (s) { computed.add(shown(s.op)); computed.add(shown(s.out)); });
    const grads = {};
    if (state > F) grads[shown(data.seed.out)] = data.seed.grad;
    data.backward.slice(0, Math.max(0, state - F - 1)).forEach(function (s) {
      s.inputs.forEach(function (i, k) { if (i.total) grads[shown(data.ops[s.op].inputs[k])] = i.total; });
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
    showState();
    if (selected !== null) {
      if (nodes[selected]) nodes[selected].g.classList.add("selected");
      says.details(selected, state);
    }
    document.getElementById("step-label").textContent = state === 0 ? "start" : state <= F
      ? "forward " + state + " / " + F : "backward " + (state - F - 1) + " / " + B;
    document.getElementById("play").textContent = timer ? "❚❚ pause" : "▶ play";
  }

  function showState() {  // highlight the state's op in the drawing, and say what it does in the panel
    if (state === 0) return says.start();
    if (state <= F) {
      const f = data.forward[state - 1];
      highlight(f.op, f.out, []);
      return says.forward(f);
    }
    if (state === F + 1) {
      highlight(data.seed.out, null, []);
      return says.seed();
    }
    const s = data.backward[state - F - 2];
    highlight(s.op, s.out, receivers(s));
    says.backward(s, state);
  }

  function receivers(s) {
    const inputs = data.ops[s.op].inputs;
    return inputs.filter(function (id, k) { return s.inputs[k].total; }).map(shown);  // those that receive
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
