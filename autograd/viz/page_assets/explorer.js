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
  const graph = GraphView(data, document.getElementById("graph"), function (id) { selected = id; }, render);
  let state = 0, timer = null, selected = null;

  function render() {
    document.body.dataset.state = state;
    const focus = focusOf(state);
    if (focus) graph.reveal(focus);
    const shown = graph.shown, nodes = graph.nodes;
    const computed = new Set();
    Object.keys(data.tensors).forEach(function (id) {  // leaves; a constant the forward pass makes from its step
      const t = data.tensors[id];
      if (t.leaf && !(t.appears > state)) computed.add(shown(id));
    });
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
    graph.edges.forEach(function (e) { e.g.classList.remove("flow"); });
    panel.textContent = "";
    showState();
    if (selected !== null) {
      const box = shown(selected);
      if (box) nodes[box].g.classList.add("selected");
      says.details(selected, state);
    }
    document.getElementById("step-label").textContent = state === 0 ? "start" : state <= F
      ? "forward " + state + " / " + F : "backward " + (state - F - 1) + " / " + B;
    document.getElementById("play").textContent = timer ? "❚❚ pause" : "▶ play";
    const follow = document.getElementById("follow");
    follow.textContent = graph.follow ? "following the op" : "follow the op";
    follow.classList.toggle("on", graph.follow);
    writeHash();
  }

  function focusOf(k) {  // the op (or, for the seed, the output) that state k is about
    if (k === 0) return null;
    if (k <= F) return data.forward[k - 1].op;
    return k === F + 1 ? data.seed.out : data.backward[k - F - 2].op;
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
    return inputs.filter(function (id, k) { return s.inputs[k].total; }).map(graph.shown);  // those that receive
  }

  function highlight(op, out, inputs) {  // the op red (or the box that holds it), its inputs blue, the edges between
    const nodes = graph.nodes;
    op = graph.shown(op);
    out = out === null ? null : graph.shown(out);
    inputs.forEach(function (id) { if (nodes[id] && id !== op) nodes[id].g.classList.add("receiving"); });
    if (nodes[op]) {
      nodes[op].g.classList.add("current");
      const drawn = data.ops[op] ? data.ops[op].inputs.map(graph.shown) : [];  // the op's inputs as drawn here
      graph.keepInView(op, drawn.concat(inputs, out === null ? [] : [out]));
    }
    graph.edges.forEach(function (e) {
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
  document.getElementById("wide").onclick = function () {  // the panel at 640 px (or back), its tensors redrawn
    document.body.classList.toggle("wide-panel");
    document.getElementById("wide").classList.toggle("on");
    if (graph.fitted) graph.zoom("fit");
    render();
  };
  document.addEventListener("keydown", function (event) {
    const actions = { ArrowRight: "next", ArrowDown: "next", ArrowLeft: "back", ArrowUp: "back", Home: "start",
                      End: "end", " ": "play", w: "wide" };
    if (!(event.key in actions) || event.ctrlKey || event.metaKey || event.altKey) return;  // ctrl+w: the browser's
    event.preventDefault();
    document.getElementById(actions[event.key]).click();
  });

  function writeHash() {  // the state in the address: page.html#state=12&view=3&zoom=0.8&follow=1
    const zoom = graph.fitted ? "fit" : graph.scale.toFixed(2);
    const hash = "#state=" + state + "&view=" + graph.view + "&zoom=" + zoom + (graph.follow ? "&follow=1" : "");
    if (location.hash !== hash) {
      try {
        history.replaceState(null, "", hash);
      } catch (e) { /* a sandboxed frame may refuse: the page still works */ }
    }
  }
  function readHash() {  // page.html#12 (a state) or #state=12&view=3&zoom=0.8&follow=1
    const text = location.hash.slice(1), fields = {};
    text.split("&").forEach(function (pair) { const kv = pair.split("="); fields[kv[0]] = kv[1]; });
    if (/^\d+$/.test(text)) fields.state = text;
    graph.follow = fields.follow === "1";
    graph.show(Number(fields.view) >= 0 && Number(fields.view) < data.views.length ? Number(fields.view) : 0);
    if (fields.zoom && fields.zoom !== "fit" && Number(fields.zoom) > 0) graph.zoom(Number(fields.zoom));
    if (/^\d+$/.test(fields.state || "")) state = Math.min(LAST, Number(fields.state));
    render();
  }
  window.addEventListener("hashchange", readHash);
  readHash();
  document.body.dataset.readyMs = Math.round(performance.now() - started);  // the script's own start-up time
})();
