// contested dashboard: small, dependency-free, written for this project.
(function () {
  "use strict";

  // Tooltips: any element with data-tip shows it on hover or focus.
  var tip = document.getElementById("tip");
  function showTip(el, x, y) {
    if (!tip) return;
    tip.textContent = el.getAttribute("data-tip");
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.min(x + 14, window.innerWidth - w - 8) + "px";
    tip.style.top = (y + 18 + h > window.innerHeight ? y - h - 10 : y + 18) + "px";
  }
  document.addEventListener("mouseover", function (e) {
    var el = e.target.closest && e.target.closest("[data-tip]");
    if (el) showTip(el, e.clientX, e.clientY);
  });
  document.addEventListener("mousemove", function (e) {
    var el = e.target.closest && e.target.closest("[data-tip]");
    if (el) showTip(el, e.clientX, e.clientY); else if (tip) tip.hidden = true;
  });
  document.addEventListener("focusin", function (e) {
    if (e.target.hasAttribute && e.target.hasAttribute("data-tip")) {
      var r = e.target.getBoundingClientRect();
      showTip(e.target, r.left, r.bottom - 10);
    }
  });
  document.addEventListener("focusout", function () { if (tip) tip.hidden = true; });

  // A claim named in the address is highlighted and brought into view.
  function markTarget() {
    document.querySelectorAll("mark.claim.active").forEach(function (m) { m.classList.remove("active"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (!el) return;
    if (el.matches("mark.claim")) el.classList.add("active");
    el.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", markTarget);
  document.addEventListener("DOMContentLoaded", markTarget);

  // Sortable tables: click a header; numeric columns sort by data-value.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th").forEach(function (th, col) {
      th.addEventListener("click", function () {
        var numeric = th.getAttribute("data-sort") === "num";
        var asc = !th.classList.contains("sorted-asc");
        table.querySelectorAll("th").forEach(function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
        th.classList.add(asc ? "sorted-asc" : "sorted-desc");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col], y = b.cells[col];
          var vx = x.getAttribute("data-value"), vy = y.getAttribute("data-value");
          var r = numeric ? (parseFloat(vx || x.textContent) || 0) - (parseFloat(vy || y.textContent) || 0)
                          : x.textContent.trim().localeCompare(y.textContent.trim());
          return asc ? r : -r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  // Timeline: bars carry their interval in ms; zoom and pan rescale them.
  var svg = document.getElementById("timeline");
  if (svg) {
    var T0 = +svg.dataset.t0, T1 = +svg.dataset.t1;
    var pad = Math.max((T1 - T0) * 0.03, 864e5);
    var full = [T0 - pad, T1 + pad], view = full.slice();
    var left = +svg.dataset.left, right = +svg.dataset.right;
    var axis = svg.querySelector(".axis"), label = document.getElementById("tl-range");
    var NS = "http://www.w3.org/2000/svg";
    var height = svg.viewBox.baseVal.height;
    function x(t) { return left + (t - view[0]) / (view[1] - view[0]) * (right - left); }
    function day(t) { return new Date(t).toISOString().slice(0, 10); }
    function draw() {
      svg.querySelectorAll("rect.span").forEach(function (r) {
        var a = x(+r.dataset.s), b = x(+r.dataset.e);
        var visible = b >= left && a <= right;
        a = Math.max(a, left); b = Math.min(b, right);
        r.setAttribute("x", a); r.setAttribute("width", visible ? Math.max(b - a, 3) : 0);
      });
      while (axis.firstChild) axis.removeChild(axis.firstChild);
      // Ticks on calendar boundaries: whole years, months or days.
      var span = view[1] - view[0], DAY = 864e5, YEAR = 365.25 * DAY, MONTH = YEAR / 12;
      var ticks = [], fmt;
      var first = new Date(view[0]);
      if (span > 2 * YEAR) {
        var k = [1, 2, 5, 10, 20, 50].find(function (n) { return span / (n * YEAR) <= 10; }) || 100;
        for (var y = Math.ceil(first.getUTCFullYear() / k) * k; Date.UTC(y, 0, 1) <= view[1]; y += k) ticks.push(Date.UTC(y, 0, 1));
        fmt = function (t) { return String(new Date(t).getUTCFullYear()); };
      } else if (span > 60 * DAY) {
        var m = [1, 2, 3, 6].find(function (n) { return span / (n * MONTH) <= 10; }) || 12;
        for (var i = 0, t0 = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1); i < 200; i++) {
          var d = new Date(t0); d.setUTCMonth(d.getUTCMonth() + i);
          if (d.getUTCMonth() % m) continue;
          if (+d > view[1]) break;
          ticks.push(+d);
        }
        fmt = function (t) { return new Date(t).toISOString().slice(0, 7); };
      } else {
        var n = [1, 2, 7, 14].find(function (s) { return span / (s * DAY) <= 10; }) || 30;
        for (var t = Math.ceil(view[0] / (n * DAY)) * n * DAY; t <= view[1]; t += n * DAY) ticks.push(t);
        fmt = day;
      }
      ticks.forEach(function (t) {
        var px = x(t), line = document.createElementNS(NS, "line"), text = document.createElementNS(NS, "text");
        line.setAttribute("x1", px); line.setAttribute("x2", px); line.setAttribute("y1", 22); line.setAttribute("y2", height);
        text.setAttribute("x", px + 3); text.setAttribute("y", 16);
        text.textContent = fmt(t);
        axis.appendChild(line); axis.appendChild(text);
      });
      if (label) label.textContent = day(view[0]) + " → " + day(view[1]);
    }
    function zoom(factor, at) {
      var c = at === undefined ? (view[0] + view[1]) / 2 : at;
      var a = c - (c - view[0]) * factor, b = c + (view[1] - c) * factor;
      if (b - a < 36e5) return;
      view = [a, b]; draw();
    }
    document.querySelectorAll("[data-zoom]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var z = btn.dataset.zoom;
        if (z === "in") zoom(0.5); else if (z === "out") zoom(2); else { view = full.slice(); draw(); }
      });
    });
    function timeAt(clientX) {
      var r = svg.getBoundingClientRect(), vx = (clientX - r.left) / r.width * 1000;
      return view[0] + (vx - left) / (right - left) * (view[1] - view[0]);
    }
    svg.addEventListener("wheel", function (e) { e.preventDefault(); zoom(e.deltaY < 0 ? 0.8 : 1.25, timeAt(e.clientX)); }, { passive: false });
    var dragging = null;
    svg.addEventListener("mousedown", function (e) { dragging = { x: e.clientX, view: view.slice() }; });
    window.addEventListener("mouseup", function () { dragging = null; });
    window.addEventListener("mousemove", function (e) {
      if (!dragging) return;
      var r = svg.getBoundingClientRect();
      var dt = (e.clientX - dragging.x) / r.width * 1000 / (right - left) * (dragging.view[1] - dragging.view[0]);
      view = [dragging.view[0] - dt, dragging.view[1] - dt]; draw();
    });
    draw();
  }

  // A document opened from a finding, an event or a control record: bring the span it points at into view.
  var hl = document.querySelector("[data-hl]");
  if (hl) hl.scrollIntoView({ block: "center" });

  // Map: the slider walks through the control records' dates; each district
  // takes the side of its latest record up to that date.
  var slider = document.getElementById("control-date");
  if (slider && slider.dataset.dates) {
    var dates = JSON.parse(slider.dataset.dates);
    var controlled = Array.prototype.slice.call(document.querySelectorAll("#map [data-control]"));
    var records = controlled.map(function (p) { return JSON.parse(p.dataset.control); });
    var label = document.getElementById("control-label");
    function show() {
      var at = dates[+slider.value];
      label.textContent = new Date(at).toISOString().slice(0, 10);
      controlled.forEach(function (p, i) {
        var held = null;
        records[i].forEach(function (r) { if (r.t <= at) held = r; });
        p.classList.remove("control-az", "control-am", "control-unknown", "controlled");
        if (held) p.classList.add("controlled", ["az", "am"].indexOf(held.side) >= 0 ? "control-" + held.side : "control-unknown");
        p.dataset.side = held ? held.side : "";
      });
      document.querySelectorAll(".control-list li[data-t]").forEach(function (li) {
        li.classList.toggle("future", +li.dataset.t > at);
      });
    }
    slider.addEventListener("input", show);
    show();
  }
})();
