/* kg graph page: search, filters, neighbourhood, and a panel with every fact's evidence.
 *
 * Safety rule for this file: text from the corpus (names, titles, sentences) only ever
 * reaches the page through textContent or createTextNode, never innerHTML; the data
 * arrives as JSON in a non-executed <script type="application/json"> block.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = new Map();
  DATA.nodes.forEach(function (n) { byId.set(n.id, n); });
  var edgeById = new Map();
  var incident = new Map(); // node id -> [edge info]
  DATA.edges.forEach(function (e) {
    edgeById.set(e.id, e);
    [e.from, e.to].forEach(function (end) {
      if (!incident.has(end)) incident.set(end, []);
      incident.get(end).push(e);
    });
  });
  var provenance = new Set(DATA.provenance);

  var state = {
    types: {},          // style key -> shown?
    region: "",         // GB/T 2260 code, "" for all
    around: null,       // {id, hops, ids:Set} when showing one node's neighbourhood
  };
  Object.keys(DATA.styles).forEach(function (k) { state.types[k] = DATA.hiddenAtStart.indexOf(k) < 0; });

  // ------------------------------------------------------------------ helpers
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") node.textContent = attrs[k];
        else if (k === "class") node.className = attrs[k];
        else node.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function styleOf(n) { return DATA.styles[n.style] || DATA.styles[n.type]; }
  function legendOf(n) { return styleOf(n).legend; }

  function isVisible(n) {
    if (!n) return false;
    if (state.around) return state.around.ids.has(n.id);
    if (!state.types[n.style]) return false;
    if (state.region && n.regions.indexOf(state.region) < 0) return false;
    return true;
  }

  // ------------------------------------------------------------------ the network
  var visNodes = new vis.DataSet(DATA.visNodes);
  var visEdges = new vis.DataSet(DATA.visEdges);
  var nodeView = new vis.DataView(visNodes, { filter: function (v) { return isVisible(byId.get(v.id)); } });
  var edgeView = new vis.DataView(visEdges, {
    filter: function (v) { return isVisible(byId.get(v.from)) && isVisible(byId.get(v.to)); },
  });
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, DATA.options);

  var api = {
    ready: false,
    network: network,
    data: DATA,
    state: state,
    visibleNodeIds: function () { return nodeView.getIds(); },
    focusNode: focusNode,
    selectNode: function (id) { return focusNode(id); },
    showEdge: showEdge,
    search: search,
    setRegion: setRegion,
    setType: setType,
    showNeighbourhood: showNeighbourhood,
    showAll: showAll,
    errors: [],
  };
  window.kgViewer = api;

  // The nodes arrive at seeded positions (kg.viewer.data), so the graph is drawn at once;
  // the physics then settles it in the background and stops (at the latest after
  // DATA.settleMs), and only then is the page "ready" (data-ready).
  function drawn() {
    if (api.drawn) return;
    api.drawn = true;
    api.drawnAt = performance.now();  // ms after the page started loading
    network.fit({ animation: false });
    keepLabelsReadable();
    document.getElementById("loading").hidden = true;
    document.body.setAttribute("data-drawn", "true");
  }
  function settled() {
    if (api.ready) return;
    network.setOptions({ physics: { enabled: false } });
    drawn();
    if (!state.around) network.fit({ animation: false });
    keepLabelsReadable();
    api.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  network.once("afterDrawing", function () { setTimeout(drawn, 0); });
  network.once("stabilized", settled);
  setTimeout(settled, DATA.settleMs || 4000);
  // a graph with nothing to lay out (empty, or one node) may never stabilise
  if (nodeView.length < 2) setTimeout(settled, 0);

  // The most connected nodes (DATA.labelled) keep a readable name at every zoom: their font
  // grows as the view zooms out, so it stays about 13 px on the screen.
  var labelled = DATA.labelled || [];
  var labelScale = null;
  function keepLabelsReadable() {
    var scale = network.getScale();
    if (!labelled.length || (labelScale && Math.abs(scale - labelScale) / labelScale < 0.05)) return;
    labelScale = scale;
    var size = Math.min(Math.max(13 / scale, 14), 400);
    visNodes.update(labelled.map(function (id) { return { id: id, font: { size: size } }; }));
  }
  // every change of scale (wheel, fit, focus, moveTo) ends in a redraw; the update is
  // deferred out of the drawing and does nothing while the scale stays within 5 %
  network.on("afterDrawing", function () {
    if (labelScale && Math.abs(network.getScale() - labelScale) / labelScale >= 0.05) setTimeout(keepLabelsReadable, 0);
  });

  function refresh(fit) {
    if (!state.around) restorePositions();
    nodeView.refresh();
    edgeView.refresh();
    updateCounts();
    dropHidden();
    if (fit) network.fit({ animation: false });
    keepLabelsReadable();
  }

  // what the panel shows: {node: id} or {edge: id}, null for the hint
  var shown = null;
  function showHint() {
    var panel = document.getElementById("details");
    clear(panel);
    panel.appendChild(el("p", { class: "hint" }, [
      "点击节点或关系查看属性和证据。", el("br"),
      "Click a node or a relationship to see its properties and evidence.",
    ]));
    shown = null;
  }
  function dropHidden() {
    tooltip.hidden = true;
    var edge = shown && shown.edge ? edgeById.get(shown.edge) : null;
    var gone = shown && ((shown.node && !isVisible(byId.get(shown.node))) ||
      (edge && !(isVisible(byId.get(edge.from)) && isVisible(byId.get(edge.to)))));
    if (gone) {
      network.unselectAll();
      showHint();
    }
  }

  function updateCounts() {
    document.getElementById("counts").textContent =
      nodeView.length + " / " + DATA.nodes.length + " 节点 nodes · " + edgeView.length + " 关系 edges";
  }

  // ------------------------------------------------------------------ legend and type filter
  function buildLegend() {
    var legend = document.getElementById("legend");
    clear(legend);
    legend.appendChild(el("h2", { text: "类型 Types" }));
    var counts = {};
    DATA.nodes.forEach(function (n) { counts[n.style] = (counts[n.style] || 0) + 1; });
    Object.keys(DATA.styles).forEach(function (key) {
      if (!counts[key]) return;
      var s = DATA.styles[key];
      var box = el("input", { type: "checkbox", "data-type": key });
      box.checked = !!state.types[key];
      box.addEventListener("change", function () { setType(key, box.checked); });
      var swatch = el("span", { class: "swatch shape-" + s.shape });
      swatch.style.background = s.color;
      legend.appendChild(el("label", { class: "legend-row" }, [box, swatch, s.legend + " (" + counts[key] + ")"]));
    });
    legend.appendChild(el("p", { class: "legend-note", text:
      "大小 = 关系数;名称常显:关系最多的 " + (DATA.labelled || []).length + " 个。 " +
      "Size: number of connections; the " + (DATA.labelled || []).length + " most connected are always named." }));
  }

  function setType(key, on) {
    state.types[key] = !!on;
    state.around = null;
    var box = document.querySelector('#legend input[data-type="' + key + '"]');
    if (box) box.checked = !!on;
    refresh(false);
  }

  // ------------------------------------------------------------------ region filter
  function buildRegions() {
    var select = document.getElementById("region");
    clear(select);
    select.appendChild(el("option", { value: "", text: "全部地区 All regions" }));
    var indent = { country: "", province: "", prefecture: "\u3000", county: "\u3000\u3000" };
    var used = new Set();
    DATA.nodes.forEach(function (n) { n.regions.forEach(function (c) { used.add(c); }); });
    DATA.regions.forEach(function (r) {
      if (!used.has(r.code)) return;
      select.appendChild(el("option", { value: r.code, text: (indent[r.level] || "") + r.label + " " + r.code }));
    });
    select.addEventListener("change", function () { setRegion(select.value); });
  }

  function setRegion(code) {
    state.region = code || "";
    state.around = null;
    document.getElementById("region").value = state.region;
    refresh(true);
  }

  // ------------------------------------------------------------------ neighbourhood
  function showNeighbourhood(id, hops) {
    var ids = new Set([id]);
    var frontier = [id];
    var rings = [[id]];
    for (var d = 0; d < hops; d++) {
      var next = [];
      frontier.forEach(function (cur) {
        (incident.get(cur) || []).forEach(function (e) {
          if (provenance.has(e.predicate)) return;
          var other = e.from === cur ? e.to : e.from;
          if (!ids.has(other) && byId.get(other) && byId.get(other).type !== "Article") {
            ids.add(other); next.push(other);
          }
        });
      });
      next.sort();
      rings.push(next);
      frontier = next;
    }
    state.around = { id: id, hops: hops, ids: ids, rings: rings };
    refresh(false);
    layRings(id, rings);
    network.fit({ animation: false });
    keepLabelsReadable();
    network.selectNodes([id]);
    showNode(id);
  }

  // Positions the whole graph had before a neighbourhood was laid out, put back after.
  var savedPositions = null;
  function restorePositions() {
    if (!savedPositions) return;
    Object.keys(savedPositions).forEach(function (nid) {
      network.moveNode(nid, savedPositions[nid].x, savedPositions[nid].y);
    });
    savedPositions = null;
  }
  function layRings(root, rings) {
    restorePositions();
    var all = [].concat.apply([], rings);
    savedPositions = network.getPositions(all);
    var centre = savedPositions[root] || { x: 0, y: 0 };
    var radius = 0;
    rings.forEach(function (ring, depth) {
      if (depth === 0) return;
      // each ring far enough out that its nodes stand 90 units apart, and past the last one
      radius = Math.max(radius + 160, (ring.length * 90) / (2 * Math.PI));
      ring.forEach(function (nid, i) {
        var angle = (2 * Math.PI * i) / ring.length + depth * 0.5;
        network.moveNode(nid, centre.x + radius * Math.cos(angle), centre.y + radius * Math.sin(angle));
      });
    });
  }

  function showAll() {
    state.around = null;
    state.region = "";
    document.getElementById("region").value = "";
    refresh(true);
  }

  // ------------------------------------------------------------------ search
  // names are in simplified script; a traditional query is read through the page's table
  var toSimplified = DATA.toSimplified || {};
  function normalise(s) {
    return Array.from(String(s || "").toLowerCase().replace(/\s+/g, ""))
      .map(function (c) { return toSimplified[c] || c; }).join("");
  }
  var searchIndex = DATA.nodes.map(function (n) {
    return { node: n, keys: [n.label].concat(n.aliases, [n.id]).map(normalise) };
  });

  function search(query, limit) {
    var q = normalise(query);
    if (!q) return [];
    var hits = [];
    searchIndex.forEach(function (entry) {
      var rank = -1;
      entry.keys.forEach(function (k) {
        if (k === q) rank = Math.max(rank, 3);
        else if (k.indexOf(q) === 0) rank = Math.max(rank, 2);
        else if (k.indexOf(q) > 0) rank = Math.max(rank, 1);
      });
      if (rank >= 0) hits.push({ rank: rank, node: entry.node });
    });
    hits.sort(function (a, b) {
      return b.rank - a.rank || (a.node.type === "Article") - (b.node.type === "Article") ||
        b.node.degree - a.node.degree || (a.node.label < b.node.label ? -1 : a.node.label > b.node.label ? 1 : 0);
    });
    return hits.slice(0, limit || 20).map(function (h) { return h.node; });
  }

  function buildSearch() {
    var input = document.getElementById("search");
    var list = document.getElementById("search-results");
    function render() {
      clear(list);
      var found = search(input.value, 20);
      found.forEach(function (n) {
        var item = el("li", { role: "option", "data-id": n.id }, [
          el("span", { class: "result-label", text: n.label }),
          el("span", { class: "result-type", text: legendOf(n) }),
        ]);
        item.addEventListener("mousedown", function (ev) {
          ev.preventDefault();
          pick(n.id);
        });
        list.appendChild(item);
      });
      if (input.value && !found.length) list.appendChild(el("li", { class: "none", text: "没有结果 no match" }));
      list.hidden = !input.value;
    }
    function pick(id) {
      list.hidden = true;
      input.blur();
      focusNode(id);
    }
    input.addEventListener("input", render);
    input.addEventListener("focus", render);
    input.addEventListener("blur", function () { list.hidden = true; });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {
        var first = search(input.value, 1)[0];
        if (first) pick(first.id);
      } else if (ev.key === "Escape") {
        list.hidden = true;
      }
    });
  }

  function focusNode(id) {
    var n = byId.get(id);
    if (!n) return false;
    if (!isVisible(n)) {
      // make the node drawable: its type on, no region or neighbourhood restriction
      state.around = null;
      state.region = "";
      document.getElementById("region").value = "";
      setType(n.style, true);
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: false });
    showNode(id);
    return true;
  }

  // ------------------------------------------------------------------ details panel
  function evidenceItem(ref) {
    var row = DATA.evidence[ref];
    var article = DATA.articles[row[0]];
    var sentence = DATA.sentences[row[1]];
    var surface = row[2];
    var quote = el("blockquote", { class: "sentence" });
    var at = surface ? sentence.indexOf(surface) : -1;
    if (at >= 0) {
      quote.appendChild(document.createTextNode(sentence.slice(0, at)));
      quote.appendChild(el("mark", { text: surface }));
      quote.appendChild(document.createTextNode(sentence.slice(at + surface.length)));
    } else {
      quote.textContent = sentence;
    }
    var meta = [article.published, article.id, row[3]].filter(Boolean).join(" · ");
    return el("li", { class: "evidence" }, [
      el("div", { class: "article-title", text: article.title || article.id }),
      quote,
      el("div", { class: "meta", text: meta }),
    ]);
  }

  // `leftOut`: how much evidence an overview left out (edge.more), said after the list
  function evidenceList(refs, limit, leftOut) {
    var list = el("ol", { class: "evidence-list" });
    refs.slice(0, limit).forEach(function (r) { list.appendChild(evidenceItem(r)); });
    var wrap = el("div", {}, [list]);
    if (refs.length > limit) {
      var more = el("button", { type: "button", class: "more", text: "更多 show all " + refs.length });
      more.addEventListener("click", function () {
        clear(list);
        refs.forEach(function (r) { list.appendChild(evidenceItem(r)); });
        more.remove();
      });
      wrap.appendChild(more);
    }
    if (leftOut) {
      wrap.appendChild(el("p", {
        class: "left-out",
        text: "另有 " + leftOut + " 条未收入概览 and " + leftOut + " more, left out of this overview (kg view --subgraph NAME shows all)",
      }));
    }
    return wrap;
  }

  function evidenceCount(e) { return e.evidence.length + (e.more || 0); }

  function propTable(rows) {
    var table = el("table", { class: "props" });
    rows.forEach(function (r) {
      if (r[1] === null || r[1] === undefined || r[1] === "" || (Array.isArray(r[1]) && !r[1].length)) return;
      var value = Array.isArray(r[1]) ? r[1].join("、") : String(r[1]);
      table.appendChild(el("tr", {}, [el("th", { text: r[0] }), el("td", { text: value })]));
    });
    return table;
  }

  function nodeLink(id) {
    var n = byId.get(id);
    var a = el("a", { href: "#", class: "node-link", text: n ? n.label : id });
    a.addEventListener("click", function (ev) { ev.preventDefault(); focusNode(id); });
    return a;
  }

  function edgeLink(e, text) {
    var a = el("a", { href: "#", class: "edge-link", text: text });
    a.addEventListener("click", function (ev) { ev.preventDefault(); showEdge(e.id); });
    return a;
  }

  function showNode(id) {
    var n = byId.get(id);
    var panel = document.getElementById("details");
    clear(panel);
    if (!n) return;
    shown = { node: id };
    var badge = el("span", { class: "badge", text: legendOf(n) });
    badge.style.background = styleOf(n).color;
    panel.appendChild(el("h2", { class: "node-title" }, [el("span", { class: "label", text: n.label }), " ", badge]));
    var rows = [["id", n.id], ["别名 aliases", n.aliases]];
    Object.keys(n.props).sort().forEach(function (k) { rows.push([k, n.props[k]]); });
    panel.appendChild(propTable(rows));

    var actions = el("div", { class: "actions" });
    [1, 2].forEach(function (h) {
      var b = el("button", { type: "button", class: "around", "data-hops": String(h), text: "邻域 neighbourhood " + h + " hop" + (h > 1 ? "s" : "") });
      b.addEventListener("click", function () { showNeighbourhood(id, h); });
      actions.appendChild(b);
    });
    panel.appendChild(actions);

    var edges = (incident.get(id) || []);
    var relations = edges.filter(function (e) { return !provenance.has(e.predicate); });
    panel.appendChild(el("h3", { text: "关系 Relationships (" + relations.length + ")" }));
    var rel = el("ul", { class: "relations" });
    relations.forEach(function (e) {
      var out = e.from === id;
      rel.appendChild(el("li", {}, [
        edgeLink(e, (out ? "→ " : "← ") + e.predicate),
        " ",
        nodeLink(out ? e.to : e.from),
        el("span", { class: "count", text: " ×" + evidenceCount(e) }),
      ]));
    });
    panel.appendChild(rel);

    var refs = [];
    var seen = new Set();
    var more = 0;
    edges.forEach(function (e) {
      e.evidence.forEach(function (r) { if (!seen.has(r)) { seen.add(r); refs.push(r); } });
      more += e.more || 0;
    });
    panel.appendChild(el("h3", { text: "证据 Evidence (" + (refs.length + more) + ")" }));
    panel.appendChild(evidenceList(refs, 12, more));
  }

  function showEdge(edgeId) {
    var e = edgeById.get(edgeId);
    var panel = document.getElementById("details");
    clear(panel);
    if (!e) return;
    shown = { edge: edgeId };
    panel.appendChild(el("h2", { class: "edge-title" }, [nodeLink(e.from), el("span", { class: "predicate", text: " —" + e.predicate + "→ " }), nodeLink(e.to)]));
    var rows = [["predicate", e.predicate], ["confidence", e.confidence]];
    Object.keys(e.extra).sort().forEach(function (k) { if (k !== "predicate") rows.push([k, e.extra[k]]); });
    panel.appendChild(propTable(rows));
    panel.appendChild(el("h3", { text: "证据 Evidence (" + evidenceCount(e) + ")" }));
    panel.appendChild(evidenceList(e.evidence, 12, e.more || 0));
  }

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // ------------------------------------------------------------------ hover tooltip (text only)
  var tooltip = document.getElementById("tooltip");
  network.on("hoverNode", function (params) {
    var n = byId.get(params.node);
    if (!n) return;
    tooltip.textContent = n.label + " · " + legendOf(n);
    tooltip.style.left = params.event.clientX + 12 + "px";
    tooltip.style.top = params.event.clientY + 12 + "px";
    tooltip.hidden = false;
  });
  network.on("blurNode", function () { tooltip.hidden = true; });
  ["dragStart", "zoom", "click"].forEach(function (ev) { network.on(ev, function () { tooltip.hidden = true; }); });

  // ------------------------------------------------------------------ start
  document.getElementById("title").textContent = DATA.title;
  document.getElementById("reset").addEventListener("click", showAll);
  buildLegend();
  buildRegions();
  buildSearch();
  updateCounts();
  if (DATA.focus && DATA.focus.roots.length) {
    network.once("afterDrawing", function () {
      setTimeout(function () {
        network.selectNodes(DATA.focus.roots.slice(0, 1));
        showNode(DATA.focus.roots[0]);
      }, 0);
    });
  }
})();
