/* The layout designer's document: the layout being edited, the selection, undo/redo, and the
   geometry of moving, resizing, snapping and aligning (all in mm; the canvas converts to pixels). */
(function () {
  "use strict";
  var LD = window.LayoutDesigner = window.LayoutDesigner || {};
  var HISTORY = 200;

  function round(value) { return Math.round(value * 100) / 100; }

  // The box an element covers. A line runs from (x, y) to (x + w, y + h); w or h may be negative.
  function box(el) {
    var x2 = el.x_mm + el.w_mm;
    var y2 = el.y_mm + el.h_mm;
    return { left: Math.min(el.x_mm, x2), top: Math.min(el.y_mm, y2), right: Math.max(el.x_mm, x2), bottom: Math.max(el.y_mm, y2) };
  }

  function Model(layout, onChange) {
    this.layout = layout;
    this.selection = [];  // element ids, the last one is the one the panel edits
    this.multi = false;
    this.undoStack = [];
    this.redoStack = [];
    this.dirty = false;
    this.lastKey = null;  // consecutive edits of one input are one undo step
    this.onChange = onChange;
    this.ensureIds();
  }

  Model.prototype.ensureIds = function () {
    var used = {};
    var self = this;
    this.layout.elements = this.layout.elements || [];
    this.layout.elements.forEach(function (el) {
      if (!el.id || used[el.id]) { el.id = self.freshId(used); }
      used[el.id] = true;
    });
  };

  Model.prototype.freshId = function (used) {
    used = used || {};
    var taken = {};
    this.layout.elements.forEach(function (el) { if (el.id) { taken[el.id] = true; } });
    var n = this.layout.elements.length + 1;
    while (taken["e" + n] || used["e" + n]) { n += 1; }
    return "e" + n;
  };

  Model.prototype.snapshot = function () { return JSON.stringify(this.layout); };

  // Runs fn(layout); when the layout changed, the previous state goes onto the undo stack.
  // key: edits with the same key in a row (typing in one input) make a single undo step.
  Model.prototype.change = function (fn, key) {
    var before = this.snapshot();
    fn(this.layout);
    if (this.snapshot() === before) { return false; }
    if (!key || key !== this.lastKey) {
      this.undoStack.push(before);
      if (this.undoStack.length > HISTORY) { this.undoStack.shift(); }
    }
    this.lastKey = key || null;
    this.redoStack = [];
    this.dirty = true;
    this.onChange("edit");
    return true;
  };

  // For drags: the state before the drag is kept, and pushed once at its end if anything moved.
  Model.prototype.begin = function () { return this.snapshot(); };
  Model.prototype.end = function (before) {
    if (this.snapshot() === before) { return false; }
    this.undoStack.push(before);
    if (this.undoStack.length > HISTORY) { this.undoStack.shift(); }
    this.lastKey = null;
    this.redoStack = [];
    this.dirty = true;
    this.onChange("edit");
    return true;
  };

  Model.prototype.restore = function (json) {
    this.layout = JSON.parse(json);
    var ids = this.layout.elements.map(function (el) { return el.id; });
    this.selection = this.selection.filter(function (id) { return ids.indexOf(id) >= 0; });
  };

  Model.prototype.undo = function () {
    if (!this.undoStack.length) { return false; }
    this.redoStack.push(this.snapshot());
    this.restore(this.undoStack.pop());
    this.lastKey = null;
    this.dirty = true;
    this.onChange("undo");
    return true;
  };

  Model.prototype.redo = function () {
    if (!this.redoStack.length) { return false; }
    this.undoStack.push(this.snapshot());
    this.restore(this.redoStack.pop());
    this.lastKey = null;
    this.dirty = true;
    this.onChange("redo");
    return true;
  };

  Model.prototype.replace = function (layout) {  // what the server saved: the new clean state
    this.layout = layout;
    this.ensureIds();
    this.restore(this.snapshot());
    this.dirty = false;
    this.onChange("saved");
  };

  Model.prototype.find = function (id) {
    for (var i = 0; i < this.layout.elements.length; i += 1) {
      if (this.layout.elements[i].id === id) { return this.layout.elements[i]; }
    }
    return null;
  };
  Model.prototype.indexOf = function (id) {
    for (var i = 0; i < this.layout.elements.length; i += 1) {
      if (this.layout.elements[i].id === id) { return i; }
    }
    return -1;
  };
  Model.prototype.selected = function () {
    var self = this;
    return this.selection.map(function (id) { return self.find(id); }).filter(Boolean);
  };
  Model.prototype.primary = function () {
    var list = this.selected();
    return list.length ? list[list.length - 1] : null;
  };

  // A plain selection follows the keyboard's focus; once the user adds to it (Shift + click,
  // Shift + Enter, the list's boxes) it stays put while the focus moves on to the next element.
  Model.prototype.select = function (ids) {
    this.selection = ids.slice();
    this.multi = false;
    this.lastKey = null;
    this.onChange("select");
  };
  Model.prototype.toggle = function (id) {
    var at = this.selection.indexOf(id);
    if (at >= 0) { this.selection.splice(at, 1); } else { this.selection.push(id); }
    this.multi = true;
    this.lastKey = null;
    this.onChange("select");
  };

  Model.prototype.bounds = function () {
    var page = this.layout.page;
    var bleed = page.bleed_mm || 0;
    return { left: -bleed, top: -bleed, right: page.width_mm + bleed, bottom: page.height_mm + bleed };
  };

  // Moves the selection by (dx, dy) mm, kept inside the page and its bleed.
  Model.prototype.nudge = function (dx, dy) {
    var list = this.selected();
    if (!list.length) { return false; }
    var b = this.bounds();
    list.forEach(function (el) {
      var at = box(el);
      dx = Math.max(b.left - at.left, Math.min(b.right - at.right, dx));
      dy = Math.max(b.top - at.top, Math.min(b.bottom - at.bottom, dy));
    });
    return this.change(function () {
      list.forEach(function (el) { el.x_mm = round(el.x_mm + dx); el.y_mm = round(el.y_mm + dy); });
    }, null);
  };

  Model.prototype.grow = function (dw, dh) {
    var list = this.selected();
    return this.change(function () {
      list.forEach(function (el) {
        if (el.type === "line") { el.w_mm = round(el.w_mm + dw); el.h_mm = round(el.h_mm + dh); return; }
        el.w_mm = round(Math.max(0.5, el.w_mm + dw));
        el.h_mm = round(Math.max(0.5, el.h_mm + dh));
        if (el.type === "qr") { el.h_mm = el.w_mm = Math.max(el.w_mm, el.h_mm); }
      });
    }, null);
  };

  Model.prototype.remove = function () {
    var ids = this.selection.slice();
    if (!ids.length) { return 0; }
    this.change(function (layout) {
      layout.elements = layout.elements.filter(function (el) { return ids.indexOf(el.id) < 0; });
    });
    this.selection = [];
    this.onChange("select");
    return ids.length;
  };

  Model.prototype.add = function (element) {
    var self = this;
    element.id = this.freshId();
    this.change(function (layout) { layout.elements.push(element); });
    self.select([element.id]);
    return element;
  };

  Model.prototype.duplicate = function () {
    var self = this;
    var copies = [];
    var list = this.selected();
    if (!list.length) { return copies; }
    this.change(function (layout) {
      list.forEach(function (el) {
        var copy = JSON.parse(JSON.stringify(el));
        copy.id = self.freshId();
        copy.x_mm = round(copy.x_mm + 2);
        copy.y_mm = round(copy.y_mm + 2);
        layout.elements.push(copy);
        copies.push(copy.id);
      });
    });
    this.select(copies);
    return copies;
  };

  // Aligns the selection: with one element, on the page; with several, on their common box.
  Model.prototype.align = function (how) {
    var list = this.selected();
    if (!list.length) { return false; }
    var outer;
    if (list.length === 1) {
      outer = { left: 0, top: 0, right: this.layout.page.width_mm, bottom: this.layout.page.height_mm };
    } else {
      outer = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
      list.forEach(function (el) {
        var at = box(el);
        outer.left = Math.min(outer.left, at.left); outer.top = Math.min(outer.top, at.top);
        outer.right = Math.max(outer.right, at.right); outer.bottom = Math.max(outer.bottom, at.bottom);
      });
    }
    return this.change(function () {
      list.forEach(function (el) {
        var at = box(el);
        var dx = 0, dy = 0;
        if (how === "left") { dx = outer.left - at.left; }
        if (how === "center") { dx = (outer.left + outer.right - at.left - at.right) / 2; }
        if (how === "right") { dx = outer.right - at.right; }
        if (how === "top") { dy = outer.top - at.top; }
        if (how === "middle") { dy = (outer.top + outer.bottom - at.top - at.bottom) / 2; }
        if (how === "bottom") { dy = outer.bottom - at.bottom; }
        el.x_mm = round(el.x_mm + dx); el.y_mm = round(el.y_mm + dy);
      });
    });
  };

  // ----- snapping ---------------------------------------------------------------------------------
  // Lines other elements (and the page) offer: their edges and centres, on each axis.
  Model.prototype.targets = function (exclude) {
    var page = this.layout.page;
    var xs = [0, page.width_mm / 2, page.width_mm];
    var ys = [0, page.height_mm / 2, page.height_mm];
    this.layout.elements.forEach(function (el) {
      if (exclude.indexOf(el.id) >= 0) { return; }
      var at = box(el);
      xs.push(at.left, (at.left + at.right) / 2, at.right);
      ys.push(at.top, (at.top + at.bottom) / 2, at.bottom);
    });
    return { x: xs, y: ys };
  };

  // The correction that brings one of `own` (positions on one axis) onto the nearest of `lines`,
  // within `reach` mm; or null.
  function nearest(own, lines, reach) {
    var best = null;
    own.forEach(function (value) {
      lines.forEach(function (line) {
        var d = line - value;
        if (Math.abs(d) <= reach && (best === null || Math.abs(d) < Math.abs(best.d))) { best = { d: d, line: line }; }
      });
    });
    return best;
  }

  // options: {grid: mm or 0, elements: bool, reach: mm}. Returns {x, y, guides: {x, y}} for a box
  // of w x h whose top-left is wanted at (x, y): an element edge or centre within reach wins,
  // else the grid.
  Model.prototype.snapBox = function (x, y, w, h, exclude, options) {
    var guides = { x: null, y: null };
    var lines = options.elements ? this.targets(exclude) : null;
    function axis(pos, size, list, name) {
      if (lines) {
        var hit = nearest([pos, pos + size / 2, pos + size], list, options.reach);
        if (hit) { guides[name] = hit.line; return pos + hit.d; }
      }
      return options.grid ? Math.round(pos / options.grid) * options.grid : pos;
    }
    return { x: round(axis(x, w, lines ? lines.x : [], "x")), y: round(axis(y, h, lines ? lines.y : [], "y")), guides: guides };
  };

  // The same for one moving edge (resizing): value is the edge's position on its axis.
  Model.prototype.snapEdge = function (value, axisName, exclude, options) {
    if (options.elements) {
      var hit = nearest([value], this.targets(exclude)[axisName], options.reach);
      if (hit) { return { value: round(value + hit.d), guide: hit.line }; }
    }
    return { value: round(options.grid ? Math.round(value / options.grid) * options.grid : value), guide: null };
  };

  LD.Model = Model;
  LD.round = round;
  LD.box = box;
  LD.format = function (template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return values[name] === undefined ? all : String(values[name]);
    });
  };
  LD.mm = function (value) {  // 12.5 -> "12,5" as Vietnamese writes it
    return String(round(value)).replace(".", document.documentElement.lang === "vi" ? "," : ".");
  };
})();
