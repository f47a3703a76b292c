/* The report's script: lays out each stack with ELK, draws it as SVG, draws the cross-region
 * links over the stacks, and shows a node's resources, inputs and violations on click or focus.
 * Plain browser JavaScript, inlined into the page; the data is the #model JSON. */
(function () {
    "use strict";
    var model = JSON.parse(document.getElementById("model").textContent);
    var SVG = "http://www.w3.org/2000/svg";
    var NODE_W = 176, NODE_H = 46;
    var STATUS_ICON = { ok: "\u2713", advisory: "!", mandatory: "\u2716" };
    var STATUS_TEXT = { ok: "compliant", advisory: "advisory violation", mandatory: "mandatory violation" };
    var byId = {};
    var hidden = {};

    function el(name, attrs, parent) {
        var e = document.createElementNS(SVG, name);
        Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
        if (parent) { parent.appendChild(e); }
        return e;
    }

    function h(tag, text, cls) {
        var e = document.createElement(tag);
        if (text !== undefined) { e.textContent = text; }
        if (cls) { e.className = cls; }
        return e;
    }

    function title(s) { return s.stack + (s.variant ? " (" + s.variant + ")" : ""); }

    /**
     * The ELK graph of one stack: regions stacked, components packed into rows in each region,
     * nodes in a box per component. Flow edges are drawn afterwards between the placed nodes:
     * packing keeps the picture compact where a layered layout of ~80 nodes runs very wide.
     */
    function elkGraph(stack) {
        var regions = stack.regions.map(function (region) {
            return {
                id: region.id, labels: [{ text: region.region }],
                layoutOptions: {
                    "elk.algorithm": "rectpacking", "elk.aspectRatio": "1.6",
                    "elk.padding": "[top=30,left=12,bottom=12,right=12]", "elk.spacing.nodeNode": "14",
                },
                children: region.components.map(function (c) {
                    var kids = c.nodes.map(function (n) {
                        byId[n.id] = { kind: "node", node: n, component: c, stack: stack, region: region };
                        return { id: n.id, width: NODE_W, height: NODE_H };
                    });
                    byId[c.id] = { kind: "component", node: c, component: c, stack: stack, region: region };
                    var group = {
                        id: c.id, labels: [{ text: c.name }], children: kids,
                        layoutOptions: {
                            "elk.algorithm": "box", "elk.aspectRatio": "1.4",
                            "elk.padding": "[top=26,left=10,bottom=10,right=10]", "elk.spacing.nodeNode": "10",
                        },
                    };
                    // ELK reads an explicit undefined size as a value and fails: set sizes only on leaves.
                    if (!kids.length) { group.width = NODE_W; group.height = 30; }
                    return group;
                }),
            };
        });
        return regions;
    }

    /** Lays out each region with ELK, then stacks the regions top to bottom, home region first. */
    function layoutStack(elk, stack) {
        return Promise.all(elkGraph(stack).map(function (g) { return elk.layout(g); })).then(function (regions) {
            var y = 0, width = 0;
            regions.forEach(function (r) {
                r.x = 0; r.y = y;
                y += r.height + 24;
                width = Math.max(width, r.width);
            });
            return { id: stack.id, width: width, height: Math.max(0, y - 24), children: regions };
        });
    }

    function violationsOf(entry) {
        return entry.node.resources.reduce(function (a, r) { return a.concat(r.violations); }, []);
    }

    function drawNode(g, n, offset, entry) {
        var status = entry.node.status;
        var grp = el("g", {
            "class": "node st-" + status + (entry.kind === "node" ? " layer-" + entry.node.layer : " component"),
            transform: "translate(" + (offset.x + n.x) + "," + (offset.y + n.y) + ")",
            tabindex: "0", role: "button", "data-node": n.id,
            "aria-label": (entry.kind === "node" ? entry.node.name + ", " + entry.node.label : "component " + entry.node.name) + ", " + STATUS_TEXT[status],
        }, g);
        return grp;
    }

    function drawStack(container, stack, layout) {
        var box = h("figure", undefined, "stack st-" + stack.status);
        box.setAttribute("data-stack", stack.id);
        var cap = h("figcaption", title(stack) + " \u00b7 " + stack.region + " \u00b7 " + stack.resourceCount + " resources");
        box.appendChild(cap);
        if (stack.stackViolations.length) {
            var sv = h("button", stack.stackViolations.length + " stack-level violation(s)", "stack-violations");
            sv.addEventListener("click", function () { showStack(stack); });
            box.appendChild(sv);
        }
        var svg = el("svg", { width: layout.width, height: layout.height, viewBox: "0 0 " + layout.width + " " + layout.height, role: "group", "aria-label": "stack " + title(stack) });
        box.appendChild(svg);
        container.appendChild(box);
        var defs = el("defs", {}, svg);
        var marker = el("marker", { id: "arrow-" + stack.id, viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "6", markerHeight: "6", orient: "auto-start-reverse" }, defs);
        el("path", { d: "M 0 0 L 10 5 L 0 10 z", "class": "arrowhead" }, marker);
        var nodeLayer = el("g", { "class": "nodes" }, svg);
        // Edges over the boxes: region and component backgrounds would hide them.
        var edgeLayer = el("g", { "class": "edges" }, svg);
        (layout.children || []).forEach(function (region) {
            var rg = el("g", { "class": "region" }, nodeLayer);
            el("rect", { x: region.x, y: region.y, width: region.width, height: region.height, rx: 8, "class": "region-box" }, rg);
            var t = el("text", { x: region.x + 10, y: region.y + 18, "class": "region-label" }, rg);
            t.textContent = region.labels[0].text;
            (region.children || []).forEach(function (c) {
                var entry = byId[c.id];
                var cx = region.x + c.x, cy = region.y + c.y;
                var cg = drawNode(nodeLayer, { id: c.id, x: cx, y: cy }, { x: 0, y: 0 }, entry);
                el("rect", { width: c.width, height: c.height, rx: 6, "class": "component-box" }, cg);
                var ct = el("text", { x: 8, y: 17, "class": "component-label" }, cg);
                ct.textContent = (entry.node.status === "ok" ? "" : STATUS_ICON[entry.node.status] + " ") + c.labels[0].text;
                (c.children || []).forEach(function (n) {
                    var ne = byId[n.id];
                    var ng = drawNode(nodeLayer, n, { x: cx, y: cy }, ne);
                    el("rect", { width: n.width, height: n.height, rx: 5, "class": "node-box" }, ng);
                    el("rect", { width: 6, height: n.height, rx: 2, "class": "layer-bar" }, ng);
                    var name = el("text", { x: 12, y: 18, "class": "node-name" }, ng);
                    name.textContent = ne.node.name.length > 24 ? ne.node.name.slice(0, 23) + "\u2026" : ne.node.name;
                    var kind = el("text", { x: 12, y: 35, "class": "node-kind" }, ng);
                    kind.textContent = ne.node.label;
                    var badge = el("text", { x: n.width - 8, y: 18, "class": "badge", "text-anchor": "end" }, ng);
                    badge.textContent = STATUS_ICON[ne.node.status];
                    var tip = el("title", {}, ng);
                    tip.textContent = ne.node.name + " (" + ne.node.label + "): " + STATUS_TEXT[ne.node.status];
                });
            });
        });
        var boxes = placedBoxes(layout);
        stack.edges.forEach(function (data) {
            var a = boxes[data.from], b = boxes[data.to];
            if (!a || !b) { return; }
            var path = el("path", { d: curve(a, b), "class": "edge edge-" + data.kind, "marker-end": "url(#arrow-" + stack.id + ")", "data-from": data.from, "data-to": data.to }, edgeLayer);
            var tt = el("title", {}, path);
            tt.textContent = (byId[data.from] ? byId[data.from].node.name : data.from) + " \u2192 " + (byId[data.to] ? byId[data.to].node.name : data.to) + (data.label ? " (" + data.label + ")" : "");
        });
    }

    /** Absolute boxes of every laid-out node and component. */
    function placedBoxes(layout) {
        var out = {};
        (function walk(n, x, y) {
            (n.children || []).forEach(function (c) {
                out[c.id] = { x: x + c.x, y: y + c.y, w: c.width, h: c.height };
                walk(c, x + c.x, y + c.y);
            });
        })(layout, 0, 0);
        return out;
    }

    /** A curve from the border of box a to the border of box b, leaving and entering on the facing sides. */
    function curve(a, b) {
        var ax = a.x + a.w / 2, ay = a.y + a.h / 2, bx = b.x + b.w / 2, by = b.y + b.h / 2;
        var s, e, c1, c2;
        if (Math.abs(bx - ax) > Math.abs(by - ay)) {
            s = { x: bx > ax ? a.x + a.w : a.x, y: ay };
            e = { x: bx > ax ? b.x : b.x + b.w, y: by };
            c1 = { x: (s.x + e.x) / 2, y: s.y }; c2 = { x: (s.x + e.x) / 2, y: e.y };
        } else {
            s = { x: ax, y: by > ay ? a.y + a.h : a.y };
            e = { x: bx, y: by > ay ? b.y : b.y + b.h };
            c1 = { x: s.x, y: (s.y + e.y) / 2 }; c2 = { x: e.x, y: (s.y + e.y) / 2 };
        }
        return "M" + s.x + " " + s.y + " C" + c1.x + " " + c1.y + " " + c2.x + " " + c2.y + " " + e.x + " " + e.y;
    }

    function center(id) {
        var node = document.querySelector('#stacks [data-node="' + CSS.escape(id) + '"]');
        if (!node || node.closest(".stack.hidden")) { return undefined; }
        var r = node.getBoundingClientRect();
        var base = document.getElementById("diagram").getBoundingClientRect();
        return { x: r.left - base.left + r.width / 2, y: r.top - base.top + r.height / 2, w: r.width, h: r.height };
    }

    /** Cross-region links, drawn over the stacks once they are placed. */
    function drawLinks() {
        var overlay = document.getElementById("overlay");
        var diagram = document.getElementById("diagram");
        overlay.setAttribute("width", diagram.scrollWidth);
        overlay.setAttribute("height", diagram.scrollHeight);
        while (overlay.firstChild) { overlay.removeChild(overlay.firstChild); }
        var defs = el("defs", {}, overlay);
        var marker = el("marker", { id: "arrow-cross", viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, defs);
        el("path", { d: "M 0 0 L 10 5 L 0 10 z", "class": "arrowhead-cross" }, marker);
        model.links.forEach(function (l) {
            var a = center(l.from), b = center(l.to);
            if (!a || !b) { return; }
            var dx = Math.max(60, Math.abs(b.x - a.x) / 2);
            var sx = a.x + (b.x >= a.x ? a.w / 2 : -a.w / 2), ex = b.x + (b.x >= a.x ? -b.w / 2 : b.w / 2);
            var d = "M" + sx + " " + a.y + " C" + (sx + (b.x >= a.x ? dx : -dx)) + " " + a.y + " " + (ex - (b.x >= a.x ? dx : -dx)) + " " + b.y + " " + ex + " " + b.y;
            var g = el("g", { "class": "cross-link", "data-link": l.label, "data-from": l.from, "data-to": l.to }, overlay);
            el("path", { d: d, "class": "edge edge-cross", "marker-end": "url(#arrow-cross)" }, g);
            var t = el("text", { x: (sx + ex) / 2, y: (a.y + b.y) / 2 - 6, "class": "cross-label", "text-anchor": "middle" }, g);
            t.textContent = l.label;
        });
    }

    function addViolations(parent, violations) {
        if (!violations.length) { return; }
        var ul = h("ul", undefined, "violations");
        violations.forEach(function (v) {
            var li = h("li", undefined, "level-" + v.enforcementLevel);
            li.appendChild(h("strong", "[" + v.enforcementLevel + (v.severity ? ", " + v.severity : "") + "] " + v.policyName));
            li.appendChild(h("p", v.message));
            if (v.remediation) {
                var rem = h("p", undefined, "remediation");
                rem.appendChild(h("strong", "Remediation: "));
                rem.appendChild(document.createTextNode(v.remediation));
                li.appendChild(rem);
            }
            ul.appendChild(li);
        });
        parent.appendChild(ul);
    }

    function show(id) {
        var entry = byId[id];
        if (!entry) { return; }
        var aside = openDetails();
        var n = entry.node;
        aside.appendChild(h("h2", n.name));
        aside.appendChild(h("p", (entry.kind === "node" ? n.label + " in " : "component ") + entry.component.name + " \u00b7 " + title(entry.stack) + " \u00b7 " + entry.region.region, "where"));
        aside.appendChild(h("p", STATUS_TEXT[n.status], "status st-" + n.status));
        addViolations(aside, violationsOf(entry));
        n.resources.forEach(function (r) {
            var det = h("details");
            if (r.violations.length) { det.open = true; }
            det.appendChild(h("summary", r.type.split(":").slice(-2).join(":") + "  " + r.name + (r.violations.length ? "  (" + r.violations.length + " violation(s))" : "")));
            det.appendChild(h("p", r.urn, "urn"));
            addViolations(det, r.violations);
            det.appendChild(h("pre", JSON.stringify(r.inputs, null, 2)));
            aside.appendChild(det);
        });
        document.querySelectorAll(".selected").forEach(function (e) { e.classList.remove("selected"); });
        document.querySelectorAll('[data-node="' + CSS.escape(id) + '"], [data-from="' + CSS.escape(id) + '"], [data-to="' + CSS.escape(id) + '"]').forEach(function (e) { e.classList.add("selected"); });
    }

    /** The details drawer, emptied, with a close button (Escape closes it too). */
    function openDetails() {
        var aside = document.getElementById("details");
        aside.innerHTML = "";
        aside.hidden = false;
        var close = h("button", "Close", "close");
        close.addEventListener("click", function () { aside.hidden = true; });
        aside.appendChild(close);
        return aside;
    }

    function showStack(stack) {
        var aside = openDetails();
        aside.appendChild(h("h2", title(stack) + ": stack-level violations"));
        addViolations(aside, stack.stackViolations);
    }

    function variantsControl() {
        var groups = {};
        model.stacks.forEach(function (s) { (groups[s.stack] = groups[s.stack] || []).push(s); });
        var controls = document.getElementById("controls");
        Object.keys(groups).forEach(function (name) {
            var list = groups[name];
            if (list.length < 2) { return; }
            var label = h("label", name + " shown in: ");
            var select = h("select");
            select.setAttribute("data-variants", name);
            list.forEach(function (s, i) {
                var o = h("option", s.variant || "default");
                o.value = s.id;
                select.appendChild(o);
                if (i > 0) { hidden[s.id] = true; }
            });
            select.addEventListener("change", function () {
                list.forEach(function (s) { hidden[s.id] = s.id !== select.value; });
                applyHidden();
            });
            label.appendChild(select);
            controls.appendChild(label);
        });
    }

    function applyHidden() {
        document.querySelectorAll("#stacks .stack").forEach(function (f) {
            f.classList.toggle("hidden", !!hidden[f.getAttribute("data-stack")]);
        });
        drawLinks();
    }

    function wire() {
        var stacks = document.getElementById("stacks");
        stacks.addEventListener("click", function (ev) {
            var n = ev.target.closest("[data-node]");
            if (n) { show(n.getAttribute("data-node")); }
        });
        stacks.addEventListener("focusin", function (ev) {
            var n = ev.target.closest("[data-node]");
            if (n) { show(n.getAttribute("data-node")); }
        });
        stacks.addEventListener("keydown", function (ev) {
            var n = ev.target.closest("[data-node]");
            if (n && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); show(n.getAttribute("data-node")); }
        });
        document.querySelectorAll("#text tr[data-node]").forEach(function (row) {
            row.addEventListener("click", function () { show(row.getAttribute("data-node")); });
        });
        document.addEventListener("keydown", function (ev) {
            if (ev.key === "Escape") { document.getElementById("details").hidden = true; }
        });
        window.addEventListener("resize", drawLinks);
        window.addEventListener("beforeprint", drawLinks);
    }

    var elk = new ELK();
    var container = document.getElementById("stacks");
    Promise.all(model.stacks.map(function (s) { return layoutStack(elk, s); })).then(function (layouts) {
        layouts.forEach(function (layout, i) { drawStack(container, model.stacks[i], layout); });
        variantsControl();
        wire();
        applyHidden();
        document.body.setAttribute("data-ready", "true");
    }).catch(function (err) {
        document.body.setAttribute("data-error", String(err && err.message || err));
        throw err;
    });
})();
