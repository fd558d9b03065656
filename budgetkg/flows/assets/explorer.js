(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("flow-data").textContent);
  var SETTINGS = JSON.parse(document.getElementById("flow-settings").textContent);
  var IRI_BASE = "https://w3id.org/budgetkg/";
  var COLOURS = {
    region: "#33495f", department: "#c0392b", unit: "#e08e2b", pool: "#b9a37a", "function": "#2a8a6b",
    spending: "#7d5ba6", project: "#3b7dc4", other: "#9a9a9a"
  };
  var KIND_NAMES = {
    region: "地区", department: "部门", unit: "单位", pool: "单位合计", "function": "功能分类科目",
    spending: "支出类型", project: "项目", other: "其他（合并的小额资金流）"
  };
  var INFERRED = "#c4c4c4";
  var NODE_GAP = 10;
  var LEFT = 8;
  var TOP = 6;
  var number = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var percent = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  var nodesById = {};
  DATA.nodes.forEach(function (node) { nodesById[node.id] = node; });
  var documents = DATA.documents;

  var state = { region: "", year: "", phase: "", department: "", compare: "none", focus: [], expanded: {} };
  var charts = [];
  var views = [];

  function money(value) { return number.format(value); }
  function byId(id) { return document.getElementById(id); }
  function text(tag, content, cls) {
    var element = document.createElement(tag);
    if (content !== undefined && content !== null) { element.textContent = content; }
    if (cls) { element.className = cls; }
    return element;
  }
  function unique(values) {
    var seen = {}; var out = [];
    values.forEach(function (value) { if (!seen[value]) { seen[value] = true; out.push(value); } });
    return out;
  }
  function link(iri) {
    if (SETTINGS.linkBase && iri.indexOf(IRI_BASE) === 0) { return SETTINGS.linkBase + iri.slice(IRI_BASE.length); }
    return iri;
  }
  // Where a document page is shown: its file (the one holding that page of the document) opened at the
  // page, or the web address the document was published at; null when neither is known.
  function pageHref(doc, page) {
    var files = doc.files || [];
    var file = files[0];
    files.forEach(function (f) { if (f.first_page <= page) { file = f; } });
    if (file && file.href) { return file.href + "#page=" + (page - file.first_page + 1); }
    return doc.published_at || null;
  }
  var PHASE_NAMES = { approved: "预算", executed: "决算" };
  function phaseName(phase) {
    var doc = documents.filter(function (d) { return d.phase === phase; })[0];
    return doc ? doc.phase_name : (PHASE_NAMES[phase] || phase);
  }
  function regionName(code) {
    var doc = documents.concat(DATA.undrawn || []).filter(function (d) { return d.region_code === code; })[0];
    return doc ? doc.region_name : code;
  }

  // ------------------------------------------------------------------ menus
  function fill(select, options, wanted) {
    select.innerHTML = "";
    options.forEach(function (option) {
      var element = text("option", option[1]);
      element.value = option[0];
      select.appendChild(element);
    });
    var values = options.map(function (option) { return option[0]; });
    select.value = values.indexOf(wanted) >= 0 ? wanted : (values[0] || "");
    return select.value;
  }
  function fillMenus() {
    var regions = unique(documents.map(function (d) { return d.region_code; })).sort();
    state.region = fill(byId("region"), regions.map(function (code) {
      var doc = documents.filter(function (d) { return d.region_code === code; })[0];
      return [code, doc.region_name + "（" + code + "）"];
    }), state.region);
    var inRegion = documents.filter(function (d) { return d.region_code === state.region; });
    var years = unique(inRegion.map(function (d) { return d.year; })).sort().reverse();
    state.year = fill(byId("year"), years.map(function (y) { return [y, y + " 年"]; }), state.year);
    var inYear = inRegion.filter(function (d) { return d.year === state.year; });
    var phases = unique(inYear.map(function (d) { return d.phase; })).sort();
    state.phase = fill(byId("phase"), phases.map(function (p) {
      return [p, inYear.filter(function (d) { return d.phase === p; })[0].phase_name];
    }), state.phase);
    var inPhase = inYear.filter(function (d) { return d.phase === state.phase; });
    var departments = unique(inPhase.map(function (d) { return d.department; })).sort();
    if (state.department && departments.indexOf(state.department) < 0) {
      state.department = departments.filter(function (name) { return name.indexOf(state.department) >= 0; })[0] || "";
    }
    state.department = fill(byId("department"), [["", "全部部门（" + departments.length + "）"]].concat(
      departments.map(function (name) { return [name, name]; })), state.department);
    state.compare = byId("compare").value;
  }

  // ------------------------------------------------------------------ views
  function selection(region, year, phase, department) {
    var docs = {};
    documents.forEach(function (d) {
      if (d.region_code === region && d.year === year && d.phase === phase &&
          (!department || d.department === department)) { docs[d.iri] = d; }
    });
    return docs;
  }

  function inLinksOf(links) {
    var ins = {};
    links.forEach(function (l) { (ins[l.target] = ins[l.target] || []).push(l); });
    return ins;
  }

  // The links below the focus node: a node is opened when all its money comes from opened nodes.
  function below(links, focus) {
    var touching = {};
    links.forEach(function (l) { if (l.source === focus || l.target === focus) { touching[l.document] = true; } });
    links = links.filter(function (l) { return touching[l.document]; });
    var ins = inLinksOf(links);
    var open = {}; open[focus] = true;
    var ids = unique(links.map(function (l) { return l.target; }));
    ids.sort(function (a, b) { return nodesById[a].column - nodesById[b].column; });
    ids.forEach(function (id) {
      if (id === focus) { return; }
      var feeders = ins[id] || [];
      if (feeders.length && feeders.every(function (l) { return open[l.source]; })) { open[id] = true; }
    });
    return links.filter(function (l) { return open[l.source]; });
  }

  // Small flows of one source whose targets get all their money from it merge into one 其他 node.
  function group(links, share, expanded) {
    var extra = {};
    var current = links.map(function (l) { return { source: l.source, target: l.target, amount: l.amount, inferred: l.inferred, document: l.document }; });
    var info = function (id) { return extra[id] || nodesById[id]; };
    var done = {};
    for (var guard = 0; guard < 50; guard++) {
      var outs = {}; var ins = inLinksOf(current);
      current.forEach(function (l) { (outs[l.source] = outs[l.source] || []).push(l); });
      var sources = Object.keys(outs).filter(function (id) { return !done[id]; });
      if (!sources.length) { break; }
      sources.sort(function (a, b) { return info(a).column - info(b).column; });
      var source = sources[0];
      done[source] = true;
      var total = outs[source].reduce(function (s, l) { return s + l.amount; }, 0);
      var byColumn = {};
      outs[source].forEach(function (l) {
        var sole = (ins[l.target] || []).every(function (m) { return m.source === source; });
        if (sole && l.amount < share * total) { (byColumn[info(l.target).column] = byColumn[info(l.target).column] || []).push(l); }
      });
      Object.keys(byColumn).forEach(function (column) {
        var small = byColumn[column];
        var id = "其他|" + source + "|" + column;
        if (small.length < 2 || expanded[id]) { return; }
        var members = {};
        small.forEach(function (l) { members[l.target] = true; });
        extra[id] = {
          id: id, kind: "other", column: Number(column), sources: [],
          label: "其他（" + small.length + " 项）",
          members: small.map(function (l) { return info(l.target).label; })
        };
        var merged = {};
        var next = [];
        current.forEach(function (l) {
          var from = members[l.source] ? id : l.source;
          var to = members[l.target] ? id : l.target;
          if (from === l.source && to === l.target) { next.push(l); return; }
          var key = from + "→" + to;
          if (!merged[key]) { merged[key] = { source: from, target: to, amount: 0, inferred: false, document: l.document }; next.push(merged[key]); }
          merged[key].amount += l.amount;
          merged[key].inferred = merged[key].inferred || l.inferred;
        });
        current = next;
      });
    }
    return { links: current, extra: extra };
  }

  // Nodes of hidden columns fed by one source are bridged: that source flows straight to their targets.
  function contract(links, hidden) {
    var current = links.slice();
    var ids = unique(current.map(function (l) { return l.target; })).filter(function (id) { return hidden[nodesById[id].column]; });
    ids.sort(function (a, b) { return nodesById[a].column - nodesById[b].column; });
    ids.forEach(function (id) {
      var ins = current.filter(function (l) { return l.target === id; });
      var sources = unique(ins.map(function (l) { return l.source; }));
      var outs = current.filter(function (l) { return l.source === id; });
      if (sources.length !== 1 || !outs.length) { return; }
      var merged = {};
      var next = current.filter(function (l) { return l.source !== id && l.target !== id; });
      next.forEach(function (l) { if (l.source === sources[0]) { merged[l.target] = l; } });
      outs.forEach(function (o) {
        var into = merged[o.target];
        var bridged = ins.some(function (l) { return l.inferred; }) || o.inferred;
        if (into) {
          var copy = { source: into.source, target: into.target, amount: into.amount + o.amount, inferred: into.inferred || bridged, document: into.document };
          next[next.indexOf(into)] = copy;
          merged[o.target] = copy;
        } else {
          merged[o.target] = { source: sources[0], target: o.target, amount: o.amount, inferred: bridged, document: o.document };
          next.push(merged[o.target]);
        }
      });
      current = next;
    });
    return current;
  }

  function hiddenColumns(focus) {
    var hidden = {};
    if (!focus || nodesById[focus].kind !== "function") {
      hidden[DATA.columns.indexOf("section")] = true;
      hidden[DATA.columns.indexOf("item")] = true;
    }
    return hidden;
  }

  function makeView(region, year, phase, department) {
    var docs = selection(region, year, phase, department);
    var links = DATA.links.filter(function (l) { return docs[l.document]; });
    if (department) {
      // a department chosen in the menu: the picture starts at that department, not at the region
      var departmentIds = unique(links.filter(function (l) { return nodesById[l.target].kind === "department"; }).map(function (l) { return l.target; }));
      if (departmentIds.length === 1) { links = below(links, departmentIds[0]); }
    }
    var focus = state.focus.length ? state.focus[state.focus.length - 1] : null;
    if (focus) {
      var focused = below(links, focus);
      if (focused.length) { links = focused; }
    }
    links = contract(links, hiddenColumns(focus));
    var grouped = group(links, SETTINGS.minShare, state.expanded);
    var lookup = function (id) { return grouped.extra[id] || nodesById[id]; };
    var value = {}; var inflow = {}; var outflow = {};
    grouped.links.forEach(function (l) {
      outflow[l.source] = (outflow[l.source] || 0) + l.amount;
      inflow[l.target] = (inflow[l.target] || 0) + l.amount;
    });
    var ids = unique(grouped.links.map(function (l) { return l.source; }).concat(grouped.links.map(function (l) { return l.target; })));
    ids.forEach(function (id) { value[id] = Math.max(inflow[id] || 0, outflow[id] || 0); });
    var roots = ids.filter(function (id) { return !inflow[id]; });
    var total = roots.reduce(function (s, id) { return s + value[id]; }, 0);
    var meta = documents.filter(function (d) { return docs[d.iri]; })[0];
    var owners = unique(links.map(function (l) { return l.document; }));
    var base = lookup;
    lookup = function (id) {
      var node = base(id);
      if (owners.length !== 1 || !node.short) { return node; }
      var shown = {}; Object.keys(node).forEach(function (key) { shown[key] = node[key]; });
      shown.label = node.short;
      return shown;
    };
    return {
      region: region, year: year, phase: phase, department: department, docs: docs, meta: meta,
      links: grouped.links, lookup: lookup, value: value, ids: ids, roots: roots, total: total,
      inflow: inflow
    };
  }

  function parentShare(view, id) {
    var feeders = view.links.filter(function (l) { return l.target === id; });
    if (feeders.length === 1) {
      var parent = feeders[0].source;
      return { share: view.value[id] / view.value[parent], of: view.lookup(parent).label };
    }
    if (!feeders.length) { return null; }
    return { share: view.value[id] / view.total, of: "合计" };
  }

  // ------------------------------------------------------------------ drawing
  function columnsOf(view) {
    var columns = unique(view.ids.map(function (id) { return view.lookup(id).column; })).sort(function (a, b) { return a - b; });
    var sums = {}; var counts = {};
    view.ids.forEach(function (id) {
      var c = view.lookup(id).column;
      sums[c] = (sums[c] || 0) + view.value[id];
      counts[c] = (counts[c] || 0) + 1;
    });
    return { columns: columns, sums: sums, counts: counts };
  }

  function scaleFor(list, maxHeight) {
    var k = Infinity;
    list.forEach(function (view) {
      var c = columnsOf(view);
      c.columns.forEach(function (column) {
        k = Math.min(k, (maxHeight - (c.counts[column] - 1) * NODE_GAP) / c.sums[column]);
      });
    });
    return k;
  }

  function heightFor(view, k) {
    var c = columnsOf(view);
    var h = 40;
    c.columns.forEach(function (column) { h = Math.max(h, k * c.sums[column] + (c.counts[column] - 1) * NODE_GAP); });
    return h;
  }

  function option(view, height, width, k) {
    var c = columnsOf(view);
    var right = Math.round(Math.min(150, width * 0.22));
    var room = Math.max(60, Math.min(170, (width - right - 20) / Math.max(1, c.columns.length - 1) - 18));
    var depth = {};
    c.columns.forEach(function (column, index) { depth[column] = index; });
    var nodes = view.ids.map(function (id) {
      var node = view.lookup(id);
      var colour = COLOURS[node.kind] || COLOURS.other;
      return {
        name: id, depth: depth[node.column], value: view.value[id], itemStyle: { color: colour, borderWidth: 0 },
        label: { show: k * view.value[id] >= 18 }
      };
    });
    var links = view.links.map(function (l) {
      return {
        source: l.source, target: l.target, value: l.amount, inferred: l.inferred,
        lineStyle: l.inferred ? { color: INFERRED, opacity: 0.55 } : { color: COLOURS[view.lookup(l.source).kind] || COLOURS.other, opacity: 0.28 }
      };
    });
    var last = c.columns.length - 1;
    return {
      animation: false,
      textStyle: { fontFamily: "BudgetKG CJK" },
      tooltip: {
        trigger: "item", confine: true,
        formatter: function (p) {
          if (p.dataType === "edge") {
            return view.lookup(p.data.source).label + " → " + view.lookup(p.data.target).label + "<br>" +
              money(p.data.value) + " 万元" + (p.data.inferred ? "（推断，表格未列示）" : "");
          }
          var share = parentShare(view, p.name);
          return view.lookup(p.name).label + "<br>" + money(view.value[p.name]) + " 万元" +
            (share ? "<br>占" + share.of + " " + percent.format(share.share * 100) + "%" : "");
        }
      },
      series: [{
        type: "sankey", left: LEFT, right: right, top: TOP, height: height, nodeAlign: "left",
        nodeWidth: 12, nodeGap: NODE_GAP, layoutIterations: 0, draggable: false,
        emphasis: { focus: "adjacency" },
        data: nodes, links: links,
        label: {
          fontFamily: "BudgetKG CJK", fontSize: 11, color: "#222", lineHeight: 14, width: room, overflow: "truncate",
          formatter: function (p) {
            var node = view.lookup(p.name);
            var share = parentShare(view, p.name);
            return node.label + "\n{a|" + money(view.value[p.name]) + (share && share.share < 0.9995 ? " · " + percent.format(share.share * 100) + "%" : "") + "}";
          },
          rich: { a: { fontFamily: "BudgetKG CJK", fontSize: 10, color: "#666" } }
        },
        levels: [{ depth: last, label: { width: right - 10 } }]
      }]
    };
  }

  function panelTitle(view) {
    if (view.phase === "-") { return "无数据"; }
    return regionName(view.region) + " " + view.year + " 年" + phaseName(view.phase) + (view.department ? " · " + view.department : "");
  }

  // The departments a region, year and phase holds, whichever department is chosen.
  function departmentsOf(view) {
    return unique(documents.filter(function (d) {
      return d.region_code === view.region && d.year === view.year && d.phase === view.phase;
    }).map(function (d) { return d.department; })).sort();
  }

  // What the panel's documents are drawn from, where it is not their table by function, and the
  // documents of the selection with nothing to draw.
  function documentNotes(view) {
    var notes = [];
    var docs = Object.keys(view.docs).map(function (iri) { return view.docs[iri]; });
    docs.filter(function (d) { return d.drawn_from === "total"; }).forEach(function (d) {
      notes.push("仅按总额绘制（未按功能分类细分）：" + d.department + "，" + d.basis_name + "所列一般公共预算 " + money(d.stated_total) + " 万元。");
    });
    docs.filter(function (d) { return d.drawn_from === "functions" && d.basis === "fiscal"; }).forEach(function (d) {
      notes.push("按财政拨款支出表（功能科目）绘制，可能含政府性基金预算拨款：" + d.department + "（未公开一般公共预算功能分类表）。");
    });
    (DATA.undrawn || []).filter(function (d) {
      return d.region_code === view.region && d.year === view.year && d.phase === view.phase &&
        (!view.department || d.department === view.department);
    }).forEach(function (d) {
      notes.push("未绘制：" + d.department + "（文件中没有一般公共预算功能分类表，也没有一般公共预算总额）。");
    });
    return notes;
  }

  // Two views side by side compare like with like only when they hold the same departments: say so when
  // they do not, and which department is compared when one is chosen.
  function compareNote() {
    var note = byId("compare-note");
    note.textContent = "";
    note.hidden = true;
    if (views.length < 2) { return; }
    var sides = views.map(function (view) { return { title: view.year + " 年" + phaseName(view.phase), departments: departmentsOf(view) }; });
    if (!sides[0].departments.length || !sides[1].departments.length) { return; }
    var shared = sides[0].departments.filter(function (name) { return sides[1].departments.indexOf(name) >= 0; });
    if (shared.length === sides[0].departments.length && shared.length === sides[1].departments.length) { return; }
    var held = sides.map(function (side) { return side.title + "：" + side.departments.join("、"); }).join("；") + "。";
    if (state.department) {
      var lacking = sides.filter(function (side) { return side.departments.indexOf(state.department) < 0; });
      note.textContent = "只比较“" + state.department + "”" +
        (lacking.length ? "，" + lacking.map(function (side) { return side.title; }).join("、") + "没有这一部门。" : "（两侧都有）。") + held;
    } else {
      note.textContent = "两侧的部门不同，合计不可直接比较。" + held +
        (shared.length ? "两侧都有的部门：" + shared.join("、") + "；在“部门”中选择一个部门，只比较这一部门。" : "两侧没有相同的部门。");
    }
    note.hidden = false;
  }

  function draw() {
    charts.forEach(function (chart) { if (chart) { chart.dispose(); } });
    charts = [];
    var container = byId("charts");
    container.innerHTML = "";
    views = [makeView(state.region, state.year, state.phase, state.department)];
    if (state.compare === "phase") {
      var others = documents.filter(function (d) { return d.region_code === state.region && d.year === state.year && d.phase !== state.phase; });
      var other = others.filter(function (d) { return !state.department || d.department === state.department; })[0] || others[0];
      views.push(makeView(state.region, state.year, other ? other.phase : "-", state.department));
      views.sort(function (a, b) { return a.phase < b.phase ? -1 : 1; });
    } else if (state.compare === "year") {
      views.push(makeView(state.region, String(Number(state.year) + 1), state.phase, state.department));
    }
    var maxHeight = views.length > 1 ? 520 : 620;
    document.querySelector("main").className = views.length > 1 ? "compare" : "";
    var k = scaleFor(views.filter(function (v) { return v.links.length; }), maxHeight);
    views.forEach(function (view, index) {
      var panel = text("section", null, "panel");
      panel.id = "panel-" + index;
      panel.appendChild(text("h3", panelTitle(view)));
      var total = text("p", view.links.length ? money(view.total) + " 万元" : "—", "total");
      total.setAttribute("data-amount", String(Math.round(view.total * 100) / 100));
      panel.appendChild(total);
      panel.appendChild(text("p", view.links.length ? Object.keys(view.docs).length + " 份文件 · " + view.ids.length + " 个节点" : "", "sub"));
      documentNotes(view).forEach(function (note) { panel.appendChild(text("p", note, "doc-note")); });
      container.appendChild(panel);
      if (!view.links.length) {
        var empty = view.phase === "-" ? "没有可对比的另一阶段。" :
          (view.department ? view.department + " 没有 " + view.year + " 年" + phaseName(view.phase) + "的数据。" : "没有这一选择的数据。");
        panel.appendChild(text("p", empty, "empty"));
        return;
      }
      var height = heightFor(view, k);
      var element = text("div", null, "chart");
      element.id = "chart-" + index;
      element.style.height = (height + 16) + "px";
      panel.appendChild(element);
    });
    // every panel is in place before a chart measures its width
    views.forEach(function (view, index) {
      var element = byId("chart-" + index);
      if (!element) { return; }
      var height = heightFor(view, k);
      var chart = echarts.init(element, null, { renderer: "svg" });
      chart.setOption(option(view, height, element.clientWidth, k));
      chart.on("click", function (p) { clicked(view, p); });
      charts[index] = chart;
    });
    compareNote();
    drawPath();
    drawTables();
  }

  // ------------------------------------------------------------------ interaction
  function clicked(view, p) {
    if (p.dataType !== "node") { return; }
    var node = view.lookup(p.name);
    showDetail(view, p.name);
    if (node.kind === "other") { state.expanded[p.name] = true; draw(); showDetail(view, p.name); return; }
    var focus = state.focus[state.focus.length - 1];
    if (p.name === focus) { state.focus.pop(); draw(); return; }
    var opens = view.links.some(function (l) { return l.source === p.name; });
    if (opens && view.roots.indexOf(p.name) < 0) { state.focus.push(p.name); draw(); showDetail(view, p.name); }
  }

  function drawPath() {
    var nav = byId("path");
    nav.innerHTML = "";
    var top = document.createElement("button");
    top.type = "button";
    top.textContent = state.department || (views[0].meta ? views[0].meta.region_name : "全部");
    top.onclick = function () { state.focus = []; draw(); };
    if (state.focus.length) {
      var back = document.createElement("button");
      back.type = "button";
      back.id = "back";
      back.textContent = "← 返回上一层";
      back.onclick = function () { state.focus.pop(); draw(); };
      nav.appendChild(back);
      nav.appendChild(text("span", "｜", "sep"));
    }
    nav.appendChild(top);
    state.focus.forEach(function (id, index) {
      nav.appendChild(text("span", "›", "sep"));
      var step = document.createElement("button");
      step.type = "button";
      step.textContent = nodesById[id] ? nodesById[id].label : id;
      step.onclick = function () { state.focus = state.focus.slice(0, index + 1); draw(); };
      nav.appendChild(step);
    });
  }

  function showDetail(view, id) {
    var node = view.lookup(id);
    var panel = byId("detail");
    panel.innerHTML = "";
    panel.appendChild(text("h3", node.label));
    panel.appendChild(text("p", KIND_NAMES[node.kind] || node.kind, "hint"));
    panel.appendChild(text("p", money(view.value[id] || 0) + " 万元", "amount"));
    var share = parentShare(view, id);
    if (share) { panel.appendChild(text("p", "占" + share.of + " " + percent.format(share.share * 100) + "%")); }
    if (node.members) {
      panel.appendChild(text("p", "合并的 " + node.members.length + " 项（已展开）："));
      var ul = text("ul");
      node.members.forEach(function (m) { ul.appendChild(text("li", m)); });
      panel.appendChild(ul);
    }
    var sources = (node.sources || []).filter(function (s) { return view.docs[s.document]; });
    var byDocument = {};
    sources.forEach(function (s) { (byDocument[s.document] = byDocument[s.document] || []).push(s); });
    Object.keys(byDocument).forEach(function (iri) {
      var doc = view.docs[iri];
      var heading = text("p", "来源：");
      var a = text("a", doc.department + " " + doc.year + " 年" + doc.phase_name);
      a.href = link(iri);
      heading.appendChild(a);
      panel.appendChild(heading);
      var list = text("ul");
      byDocument[iri].filter(function (s) { return s.line; }).slice(0, 40).forEach(function (s) {
        var item = text("li");
        var line = text("a", s.what || "表格行");
        line.href = link(s.line);
        item.appendChild(line);
        if (s.page) {
          var href = pageHref(doc, s.page);
          var page = text(href ? "a" : "span", "第 " + s.page + " 页", "page");
          if (href) { page.href = href; }
          item.appendChild(document.createTextNode("（"));
          item.appendChild(page);
          item.appendChild(document.createTextNode("）"));
        }
        list.appendChild(item);
      });
      panel.appendChild(list);
    });
  }

  function drawTables() {
    var holder = byId("tables");
    holder.innerHTML = "";
    views.forEach(function (view, index) {
      if (!view.links.length) { return; }
      holder.appendChild(text("h3", panelTitle(view)));
      var table = text("table");
      table.id = "flows-" + index;
      var head = text("tr");
      ["来源", "去向", "金额（万元）", "占来源", "依据"].forEach(function (h) { head.appendChild(text("th", h)); });
      table.appendChild(head);
      view.links.forEach(function (l) {
        var row = text("tr", null, l.inferred ? "inferred" : "");
        row.appendChild(text("td", view.lookup(l.source).label));
        row.appendChild(text("td", view.lookup(l.target).label));
        row.appendChild(text("td", money(l.amount), "num"));
        row.appendChild(text("td", percent.format(100 * l.amount / view.value[l.source]) + "%", "num"));
        row.appendChild(text("td", l.inferred ? "推断" : "表格列示"));
        table.appendChild(row);
      });
      holder.appendChild(table);
    });
  }

  function legend() {
    var ul = byId("legend");
    ["region", "department", "unit", "pool", "function", "spending", "project", "other"].forEach(function (kind) {
      var li = text("li");
      var swatch = text("span", null, "swatch");
      swatch.style.background = COLOURS[kind];
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(KIND_NAMES[kind]));
      ul.appendChild(li);
    });
    var li = text("li");
    var sample = text("span", null, "swatch line");
    sample.style.background = INFERRED;
    li.appendChild(sample);
    li.appendChild(document.createTextNode("推断的资金流"));
    ul.appendChild(li);
  }

  function changed(event) {
    state[event.target.id] = event.target.value;
    if (event.target.id === "region") { state.year = ""; state.phase = ""; state.department = ""; }
    state.focus = [];
    state.expanded = {};
    fillMenus();
    draw();
  }

  ["region", "year", "phase", "department", "compare"].forEach(function (id) { byId(id).addEventListener("change", changed); });
  var chosen = SETTINGS.chosen || {};
  state.region = chosen.region || "";
  state.year = chosen.year || "";
  state.phase = chosen.phase || "approved";
  state.department = chosen.department || "";
  if (!documents.length) {
    byId("charts").appendChild(text("p", "这一选择没有可绘制的一般公共预算金额（既没有功能分类表，也没有总额）。", "empty"));
    return;
  }
  legend();
  fillMenus();
  draw();
  window.addEventListener("resize", function () { charts.forEach(function (chart) { if (chart) { chart.resize(); } }); });

  // For tests and scripts: where a node is drawn, in page coordinates.
  window.flowsExplorer = {
    state: state,
    nodeBox: function (index, id) {
      var chart = charts[index];
      var data = chart.getModel().getSeriesByIndex(0).getData();
      var layout = data.getItemLayout(data.indexOfName(id));
      var rect = byId("chart-" + index).getBoundingClientRect();
      return { x: rect.left + LEFT + layout.x + layout.dx / 2, y: rect.top + TOP + layout.y + layout.dy / 2, height: layout.dy };
    },
    nodes: function (index) { return views[index].ids.map(function (id) { return { id: id, label: views[index].lookup(id).label, kind: views[index].lookup(id).kind, amount: views[index].value[id] }; }); }
  };
})();
