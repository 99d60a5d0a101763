/* The page drawn at scale: one absolutely placed box per element, selected with a click or the
   keyboard, moved by dragging, resized by its handles (pointer events: mouse, pen and touch). */
(function () {
  "use strict";
  var LD = window.LayoutDesigner = window.LayoutDesigner || {};
  var PT = 25.4 / 72;  // mm in a typographic point
  var HANDLES = ["nw", "n", "ne", "e", "se", "s", "sw", "w"];
  var DRAG_START_PX = 3;  // a click that wobbles is not a drag
  var SNAP_REACH_PX = 8;

  function Canvas(model, options) {
    this.model = model;
    this.page = options.page;
    this.sheet = options.sheet;
    this.stage = options.stage;
    this.zoom = options.zoom;
    this.strings = options.strings;
    this.logo = options.logo;  // the event's logo, where it has one
    this.describe = options.describe;
    this.snapOptions = options.snapOptions;
    this.onFocusElement = options.onFocusElement;
    this.sample = null;
    this.nodes = {};
    this.drag = null;
    this.background = document.createElement("img");
    this.background.className = "ld-background";
    this.background.alt = "";
    this.background.hidden = true;
    this.page.appendChild(this.background);
    this.guideX = this.overlay("ld-guide ld-guide-x");
    this.guideY = this.overlay("ld-guide ld-guide-y");
    this.bind();
  }

  Canvas.prototype.overlay = function (className) {
    var line = document.createElement("div");
    line.className = className;
    line.hidden = true;
    line.setAttribute("aria-hidden", "true");
    this.page.appendChild(line);
    return line;
  };

  Canvas.prototype.scale = function () {  // pixels per mm
    var page = this.model.layout.page;
    if (this.zoom.value !== "fit") { return parseFloat(this.zoom.value); }
    var room = Math.max(200, this.stage.clientWidth - 40);
    var fit = room / (page.width_mm + 2 * (page.bleed_mm || 0));
    return Math.max(1.5, Math.min(6, Math.floor(fit * 4) / 4));
  };

  Canvas.prototype.render = function () {
    var layout = this.model.layout;
    var page = layout.page;
    var s = this.px = this.scale();
    var bleed = (page.bleed_mm || 0) * s;
    this.page.dataset.scale = String(s);
    this.sheet.style.width = (page.width_mm * s + 2 * bleed + 32) + "px";
    this.sheet.style.height = (page.height_mm * s + 2 * bleed + 32) + "px";
    this.page.style.left = (bleed + 16) + "px";
    this.page.style.top = (bleed + 16) + "px";
    this.page.style.width = page.width_mm * s + "px";
    this.page.style.height = page.height_mm * s + "px";
    this.page.style.setProperty("--bleed", bleed + "px");
    if (layout.background && layout.background.data) {
      this.background.src = "data:" + layout.background.media_type + ";base64," + layout.background.data;
      this.background.hidden = false;
    } else {
      this.background.hidden = true;
      this.background.removeAttribute("src");
    }
    var seen = {};
    var self = this;
    var active = document.activeElement;
    var order = Array.prototype.map.call(this.page.querySelectorAll(".ld-el"), function (n) { return n.dataset.id; });
    var wanted = layout.elements.map(function (el) { return el.id; });
    layout.elements.forEach(function (el, index) {
      seen[el.id] = true;
      var node = self.nodes[el.id] || self.create(el.id);
      // Document order = drawing order = Tab order; nodes move only when it changed, since a
      // moved node loses the keyboard focus.
      if (order.join(" ") !== wanted.join(" ")) { self.page.insertBefore(node, self.guideX); }
      self.draw(el, index, node);
    });
    Object.keys(this.nodes).forEach(function (id) {
      if (!seen[id]) { self.nodes[id].remove(); delete self.nodes[id]; }
    });
    if (active && active !== document.activeElement && this.page.contains(active)) { active.focus({ preventScroll: true }); }
  };

  Canvas.prototype.create = function (id) {
    var node = document.createElement("div");
    node.className = "ld-el";
    node.tabIndex = 0;
    node.setAttribute("role", "button");
    node.dataset.id = id;
    var content = document.createElement("div");
    content.className = "ld-content";
    node.appendChild(content);
    this.nodes[id] = node;
    return node;
  };

  Canvas.prototype.place = function (el, node) {
    var s = this.px;
    var at = LD.box(el);
    node.style.left = at.left * s + "px";
    node.style.top = at.top * s + "px";
    node.style.width = Math.max(1, (at.right - at.left) * s) + "px";
    node.style.height = Math.max(1, (at.bottom - at.top) * s) + "px";
    if (el.type === "line") { this.drawLine(el, node); }
  };

  Canvas.prototype.draw = function (el, index, node) {
    var model = this.model;
    var selected = model.selection.indexOf(el.id) >= 0;
    this.place(el, node);
    node.className = "ld-el ld-" + el.type + (selected ? " selected" : "");
    node.setAttribute("aria-pressed", selected ? "true" : "false");
    node.setAttribute("aria-label", LD.format(this.strings.element, { n: index + 1, what: this.describe.element(el) }) +
      ". " + LD.format(this.strings.position, { x: LD.mm(el.x_mm), y: LD.mm(el.y_mm), w: LD.mm(el.w_mm), h: LD.mm(el.h_mm) }));
    var content = node.firstChild;
    content.className = "ld-content";
    content.style.border = "";
    if (el.type === "line") { this.drawHandles(el, node, selected, ["p1", "p2"]); return; }
    var rotate = el.rotate || 0;
    var turned = rotate === 90 || rotate === 270;
    var w = el.w_mm * this.px;
    var h = el.h_mm * this.px;
    var cw = turned ? h : w;
    var ch = turned ? w : h;
    content.style.width = cw + "px";
    content.style.height = ch + "px";
    content.style.left = (w - cw) / 2 + "px";
    content.style.top = (h - ch) / 2 + "px";
    content.style.transform = rotate ? "rotate(" + rotate + "deg)" : "";  // clockwise, as the PDF
    content.textContent = "";
    content.style.background = "";
    content.style.overflow = "";
    var colour = this.colour(el);
    if (el.type === "text" || el.type === "field") {
      if (el.field === "logo") { this.drawImage(el, content); } else { this.drawText(el, content, colour); }
    } else if (el.type === "qr") {
      content.appendChild(this.qrMark("#000000"));  // the PDF prints every QR code black
    } else if (el.type === "image") {
      this.drawImage(el, content);
    } else if (el.type === "box") {
      if (el.fill === false) {
        content.style.border = Math.max(1, (el.line_width || 0.75) * PT * this.px) + "px solid " + colour;
      } else {
        content.style.background = colour;
      }
    }
    this.drawHandles(el, node, selected, HANDLES);
  };

  Canvas.prototype.drawHandles = function (el, node, selected, names) {
    var handles = node.querySelectorAll(".ld-handle");
    var want = selected && this.model.selection.length === 1;
    if (want && !handles.length) {
      names.forEach(function (name) {
        var handle = document.createElement("div");
        handle.className = "ld-handle ld-handle-" + name;
        handle.dataset.handle = name;
        handle.setAttribute("aria-hidden", "true");
        node.appendChild(handle);
      });
    } else if (!want) {
      Array.prototype.forEach.call(handles, function (handle) { handle.remove(); });
    }
    if (want && el.type === "line") {  // the two ends, wherever they are in the box
      var s = this.px;
      var at = LD.box(el);
      var ends = { p1: [el.x_mm, el.y_mm], p2: [el.x_mm + el.w_mm, el.y_mm + el.h_mm] };
      Array.prototype.forEach.call(node.querySelectorAll(".ld-handle"), function (handle) {
        var end = ends[handle.dataset.handle];
        handle.style.left = (end[0] - at.left) * s + "px";
        handle.style.top = (end[1] - at.top) * s + "px";
      });
    }
  };

  // ----- pointer: select, move, resize ---------------------------------------------------------
  Canvas.prototype.bind = function () {
    var self = this;
    this.page.addEventListener("pointerdown", function (event) { self.down(event); });
    this.page.addEventListener("pointermove", function (event) { self.move(event); });
    this.page.addEventListener("pointerup", function (event) { self.up(event); });
    this.page.addEventListener("pointercancel", function (event) { self.up(event, true); });
    this.page.addEventListener("focusin", function (event) {
      var node = event.target.closest(".ld-el");
      if (node && !self.focusing) { self.onFocusElement(node.dataset.id); }
    });
  };

  Canvas.prototype.down = function (event) {
    if (event.button !== undefined && event.button !== 0) { return; }
    var model = this.model;
    var node = event.target.closest(".ld-el");
    if (!node) {
      if (model.selection.length) { model.select([]); }
      return;
    }
    var id = node.dataset.id;
    var handle = event.target.dataset.handle;
    if (!handle) {
      if (event.shiftKey || event.ctrlKey || event.metaKey) {
        model.toggle(id);
      } else if (model.selection.indexOf(id) < 0) {
        model.select([id]);
      }
    }
    event.preventDefault();  // no text selection, no scrolling while the finger moves the element
    this.focusing = true;  // the click chose the selection already
    node.focus({ preventScroll: true });
    this.focusing = false;
    if (model.selection.indexOf(id) < 0) { return; }
    var origins = {};
    model.selected().forEach(function (el) {
      origins[el.id] = { x: el.x_mm, y: el.y_mm, w: el.w_mm, h: el.h_mm, box: LD.box(el) };
    });
    this.drag = { id: id, handle: handle || null, x: event.clientX, y: event.clientY, origins: origins,
                  before: model.begin(), moving: false };
    this.page.setPointerCapture(event.pointerId);
  };

  Canvas.prototype.move = function (event) {
    var drag = this.drag;
    if (!drag) { return; }
    var dxPx = event.clientX - drag.x;
    var dyPx = event.clientY - drag.y;
    if (!drag.moving && Math.abs(dxPx) < DRAG_START_PX && Math.abs(dyPx) < DRAG_START_PX) { return; }
    drag.moving = true;
    var options = this.snapOptions();
    options.reach = SNAP_REACH_PX / this.px;
    if (event.altKey) { options.grid = 0; options.elements = false; }  // Alt: free placement
    var dx = dxPx / this.px;
    var dy = dyPx / this.px;
    if (drag.handle === "p1" || drag.handle === "p2") {
      this.moveEnd(drag, dx, dy, options, event.shiftKey);
    } else if (drag.handle) {
      this.resize(drag, dx, dy, options);
    } else {
      this.shift(drag, dx, dy, options);
    }
  };

  Canvas.prototype.shift = function (drag, dx, dy, options) {
    var model = this.model;
    var ids = Object.keys(drag.origins);
    var lead = drag.origins[drag.id].box;
    var snapped = model.snapBox(lead.left + dx, lead.top + dy, lead.right - lead.left, lead.bottom - lead.top, ids, options);
    dx = snapped.x - lead.left;
    dy = snapped.y - lead.top;
    var b = model.bounds();
    ids.forEach(function (id) {
      var o = drag.origins[id].box;
      dx = Math.max(b.left - o.left, Math.min(b.right - o.right, dx));
      dy = Math.max(b.top - o.top, Math.min(b.bottom - o.bottom, dy));
    });
    var self = this;
    ids.forEach(function (id) {
      var el = model.find(id);
      el.x_mm = LD.round(drag.origins[id].x + dx);
      el.y_mm = LD.round(drag.origins[id].y + dy);
      self.place(el, self.nodes[id]);
    });
    this.guides(snapped.guides);
  };

  Canvas.prototype.resize = function (drag, dx, dy, options) {
    var model = this.model;
    var el = model.find(drag.id);
    var o = drag.origins[drag.id];
    var b = model.bounds();
    var left = o.x, top = o.y, right = o.x + o.w, bottom = o.y + o.h;
    var guides = { x: null, y: null };
    var exclude = [drag.id];
    var h = drag.handle;
    function edge(value, axis, low, high) {
      var snapped = model.snapEdge(value, axis, exclude, options);
      guides[axis] = snapped.guide;
      return Math.max(low, Math.min(high, snapped.value));
    }
    if (h.indexOf("w") >= 0) { left = edge(o.x + dx, "x", b.left, right - 0.5); }
    if (h.indexOf("e") >= 0) { right = edge(o.x + o.w + dx, "x", left + 0.5, b.right); }
    if (h.indexOf("n") >= 0) { top = edge(o.y + dy, "y", b.top, bottom - 0.5); }
    if (h.indexOf("s") >= 0) { bottom = edge(o.y + o.h + dy, "y", top + 0.5, b.bottom); }
    if (el.type === "qr") {  // a QR code stays square
      var side = Math.max(right - left, bottom - top);
      if (h.indexOf("w") >= 0) { left = right - side; } else { right = left + side; }
      if (h.indexOf("n") >= 0) { top = bottom - side; } else { bottom = top + side; }
    }
    el.x_mm = LD.round(left); el.y_mm = LD.round(top);
    el.w_mm = LD.round(right - left); el.h_mm = LD.round(bottom - top);
    this.draw(el, model.indexOf(el.id), this.nodes[el.id]);
    this.guides(guides);
  };

  // A line's end follows the pointer (snapped); the other end stays. Shift: horizontal or vertical.
  Canvas.prototype.moveEnd = function (drag, dx, dy, options, straight) {
    var model = this.model;
    var el = model.find(drag.id);
    var o = drag.origins[drag.id];
    var b = model.bounds();
    var start = drag.handle === "p1";
    var fixed = start ? [o.x + o.w, o.y + o.h] : [o.x, o.y];
    var x = (start ? o.x : o.x + o.w) + dx;
    var y = (start ? o.y : o.y + o.h) + dy;
    if (straight) { if (Math.abs(x - fixed[0]) > Math.abs(y - fixed[1])) { y = fixed[1]; } else { x = fixed[0]; } }
    var sx = model.snapEdge(x, "x", [el.id], options);
    var sy = model.snapEdge(y, "y", [el.id], options);
    x = Math.max(b.left, Math.min(b.right, straight && x === fixed[0] ? x : sx.value));
    y = Math.max(b.top, Math.min(b.bottom, straight && y === fixed[1] ? y : sy.value));
    if (start) { el.x_mm = LD.round(x); el.y_mm = LD.round(y); }
    el.w_mm = LD.round((start ? fixed[0] : x) - el.x_mm);
    el.h_mm = LD.round((start ? fixed[1] : y) - el.y_mm);
    this.draw(el, model.indexOf(el.id), this.nodes[el.id]);
    this.guides({ x: sx.guide, y: sy.guide });
  };

  Canvas.prototype.guides = function (guides) {
    var s = this.px;
    this.guideX.hidden = guides.x === null;
    this.guideY.hidden = guides.y === null;
    if (guides.x !== null) { this.guideX.style.left = guides.x * s + "px"; }
    if (guides.y !== null) { this.guideY.style.top = guides.y * s + "px"; }
  };

  Canvas.prototype.up = function (event, cancelled) {
    var drag = this.drag;
    if (!drag) { return; }
    this.drag = null;
    this.guides({ x: null, y: null });
    if (this.page.hasPointerCapture(event.pointerId)) { this.page.releasePointerCapture(event.pointerId); }
    if (cancelled) {
      this.model.restore(drag.before);
      this.render();
      return;
    }
    if (!this.model.end(drag.before)) { this.render(); }
  };

  Canvas.prototype.focus = function (id) {
    if (this.nodes[id]) { this.nodes[id].focus({ preventScroll: false }); }
  };

  LD.Canvas = Canvas;
})();
