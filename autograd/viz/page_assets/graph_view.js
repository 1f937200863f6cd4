// The explorer's drawings (explorer-graph's half of the script): one SVG per view (explore_views.py), kept as
// JSON strings (explorer-views) and put in the page one at a time, so a page of hundreds opens as fast as one.
// A folded group is a box: a click opens its view; the path above the drawing (or Esc) goes back up. Zoom:
// buttons, + / − / 0 keys, ctrl + wheel (pinch); pan: drag, wheel, scroll bars. "fit" fits the window's width but
// never shrinks below MIN_SCALE, where text is 10 px: a drawing much wider than that was folded when the page was
// built (explore_views.LEGIBLE_WIDTH), and one a little wider is panned, keeping the current op in view.
// GraphView(data, container, select, changed) returns the view's state and what explorer.js needs of it.
function GraphView(data, container, select, changed) {
  "use strict";
  const MIN_SCALE = 0.75, MAX_SCALE = 4, PT = 4 / 3;  // Graphviz draws in points (10 pt text); the page in CSS px
  const svgs = JSON.parse(document.getElementById("explorer-views").textContent);
  const viewOfBox = {};
  data.views.forEach(function (v, k) { if (v.parent !== null) viewOfBox[v.box] = k; });
  const api = { view: -1, nodes: {}, edges: [], scale: 1, fitted: true, follow: false };
  let svg = null, dragged = false;

  function rows(g) {  // the rows under a box's title; the title (bold) is a name, which may begin with "data "
    const texts = Array.prototype.filter.call(g.querySelectorAll("text"), function (t) {
      return t.getAttribute("font-weight") !== "bold";
    });
    return function (prefix) {
      return texts.filter(function (t) { return t.textContent.indexOf(prefix) === 0; }).pop() || null;
    };
  }

  api.show = function (k) {  // put view k in the page
    if (k === api.view || !(k >= 0 && k < svgs.length)) return;
    api.view = k;
    container.innerHTML = svgs[k];
    svg = container.querySelector("svg");
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    api.nodes = {};
    container.querySelectorAll("g.node").forEach(function (g) {
      const id = g.querySelector("title").textContent, row = rows(g);
      api.nodes[id] = { g: g, data: row("data "), grad: row("grad ") };
      g.addEventListener("click", function (event) {
        event.stopPropagation();
        if (dragged) return;
        if (id in viewOfBox) api.show(viewOfBox[id]); else select(id);
        changed();
      });
    });
    api.edges = Array.prototype.map.call(container.querySelectorAll("g.edge"), function (g) {
      const ends = g.querySelector("title").textContent.split("->");
      return { g: g, from: ends[0], to: ends[1] };
    });
    crumbs();
    document.getElementById("folded").textContent = (k === 0 && data.folded) || data.views[k].note;
    api.zoom(api.fitted ? "fit" : api.scale);
    container.scrollTop = 0;  // a new drawing starts at its top, centred
    container.scrollLeft = (container.scrollWidth - container.clientWidth) / 2;
  };

  function crumbs() {  // the path from the whole graph to this view; each step up is a link
    const nav = document.getElementById("crumbs");
    nav.textContent = "";
    const path = [];
    for (let k = api.view; k !== null; k = data.views[k].parent) path.unshift(k);
    path.forEach(function (k, i) {
      if (i) nav.appendChild(document.createTextNode(" › "));
      const a = nav.appendChild(document.createElement(k === api.view ? "span" : "a"));
      a.textContent = data.views[k].title;
      a.className = k === api.view ? "here" : "";
      if (k !== api.view) a.onclick = function () { api.show(k); changed(); };
    });
  }

  api.up = function () { if (data.views[api.view].parent !== null) api.show(data.views[api.view].parent); };

  function placeOf(id) { const d = data.tensors[id] || data.ops[id]; return d && d.view ? d.view : 0; }

  api.shown = function (id) {  // the node that shows `id` in this view: itself, the box that holds it, or null
    if (api.nodes[id]) return id;
    let k = placeOf(id);
    while (k !== api.view && k !== null && data.views[k].parent !== api.view) k = data.views[k].parent;
    const box = k === null || k === api.view ? "elided" : data.views[k].box;
    return api.nodes[box] ? box : (api.nodes.elided ? "elided" : null);
  };

  api.reveal = function (id) {  // following: open the view that draws `id` itself
    if (api.follow && placeOf(id) !== api.view) api.show(placeOf(id));
  };

  api.keepInView = function (id, around) {  // scroll, only when needed, so that node `id` is seen, with the nodes
    // `around` it (its drawn inputs and output) where they all fit in the pane, else `id` alone; never past the edge
    const n = api.nodes[id];
    if (!n) return;
    const pane = container.getBoundingClientRect(), pad = 8;
    const area = { left: pane.left + pad, top: pane.top + pad,  // the pane within its padding, less its scroll bars
                   right: pane.left + container.clientWidth - pad, bottom: pane.top + container.clientHeight - pad };
    const own = n.g.getBoundingClientRect();
    let box = { left: own.left, top: own.top, right: own.right, bottom: own.bottom };
    (around || []).forEach(function (other) {
      if (!api.nodes[other] || other === id) return;
      const r = api.nodes[other].g.getBoundingClientRect();
      box = { left: Math.min(box.left, r.left), top: Math.min(box.top, r.top),
              right: Math.max(box.right, r.right), bottom: Math.max(box.bottom, r.bottom) };
    });
    if (box.right - box.left > area.right - area.left || box.bottom - box.top > area.bottom - area.top) box = own;
    if (box.left >= area.left && box.right <= area.right && box.top >= area.top && box.bottom <= area.bottom) return;
    const left = container.scrollLeft + (box.left + box.right) / 2 - (area.left + area.right) / 2;
    const top = container.scrollTop + (box.top + box.bottom) / 2 - (area.top + area.bottom) / 2;
    container.scrollLeft = Math.max(0, Math.min(container.scrollWidth - container.clientWidth, left));
    container.scrollTop = Math.max(0, Math.min(container.scrollHeight - container.clientHeight, top));
  };

  api.zoom = function (scale, x, y) {  // "fit", or a scale kept at the point (x, y) of the window when given
    const box = svg.viewBox.baseVal, width = box.width * PT;
    api.fitted = scale === "fit";
    if (api.fitted) scale = Math.max(MIN_SCALE, Math.min(1, (container.clientWidth - 16) / width));
    scale = Math.max(0.1, Math.min(MAX_SCALE, scale));
    const area = container.getBoundingClientRect();
    const px = x === undefined ? area.width / 2 : x - area.left, py = y === undefined ? area.height / 2 : y - area.top;
    const fx = (container.scrollLeft + px) / api.scale, fy = (container.scrollTop + py) / api.scale;
    api.scale = scale;
    svg.style.width = width * scale + "px";
    svg.style.height = box.height * PT * scale + "px";
    container.scrollLeft = fx * scale - px;
    container.scrollTop = fy * scale - py;
  };

  window.addEventListener("resize", function () { if (svg && api.fitted) api.zoom("fit"); });  // fit stays fitted

  container.addEventListener("wheel", function (event) {
    if (!event.ctrlKey && !event.metaKey) return;  // a plain wheel scrolls (pans)
    event.preventDefault();
    api.zoom(api.scale * Math.exp(-event.deltaY / 300), event.clientX, event.clientY);
    changed();
  }, { passive: false });
  let start = null;
  container.addEventListener("mousedown", function (event) {
    if (event.button !== 0) return;
    start = { x: event.clientX, y: event.clientY, left: container.scrollLeft, top: container.scrollTop };
    dragged = false;
  });
  window.addEventListener("mousemove", function (event) {
    if (!start) return;
    const dx = event.clientX - start.x, dy = event.clientY - start.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) { dragged = true; container.classList.add("dragging"); }
    if (dragged) { container.scrollLeft = start.left - dx; container.scrollTop = start.top - dy; }
  });
  window.addEventListener("mouseup", function () { start = null; container.classList.remove("dragging"); });

  function button(id, act) { document.getElementById(id).onclick = function () { act(); changed(); }; }
  button("zoom-in", function () { api.zoom(api.scale * 1.25); });
  button("zoom-out", function () { api.zoom(api.scale / 1.25); });
  button("fit", function () { api.zoom("fit"); });
  button("follow", function () { api.follow = !api.follow; });
  const keys = { "+": "zoom-in", "=": "zoom-in", "-": "zoom-out", "0": "fit", f: "follow" };
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") { api.up(); changed(); }
    else if (event.key in keys) document.getElementById(keys[event.key]).click();
  });
  return api;
}
