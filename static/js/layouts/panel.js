/* The side panel: the selected element's properties, the list of elements (a keyboard's way to
   select several), and the page size. Every edit goes through the model, so it can be undone. */
(function () {
  "use strict";
  var LD = window.LayoutDesigner = window.LayoutDesigner || {};
  var NUMBERS = ["x_mm", "y_mm", "w_mm", "h_mm", "font_size", "min_font_size", "line_width"];
  var IMAGE_LIMIT = 1024 * 1024;  // as the server's check of images in a layout

  function number(value) {
    var n = parseFloat(String(value).replace(",", "."));
    return isFinite(n) ? LD.round(n) : null;
  }

  function Panel(model, options) {
    this.model = model;
    this.form = options.form;
    this.fields = options.fieldset;
    this.note = options.note;
    this.list = options.list;
    this.pageInputs = options.pageInputs;  // {preset, width_mm, height_mm, bleed_mm}
    this.presets = options.presets;
    this.imageInput = options.imageInput;
    this.strings = options.strings;
    this.describe = options.describe;
    this.say = options.say;
    this.bind();
  }

  Panel.prototype.input = function (name) { return this.form.elements.namedItem(name); };

  Panel.prototype.bind = function () {
    var self = this;
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.form.addEventListener("input", function (event) {
      var name = event.target.name;
      if (!name || event.target.type === "checkbox" || event.target.tagName === "SELECT") { return; }
      self.apply(name, event.target, "prop:" + name);
    });
    this.form.addEventListener("change", function (event) {
      var name = event.target.name;
      if (!name) { return; }
      self.apply(name, event.target, null);
      self.model.lastKey = null;  // the next typing is a new undo step
    });
    this.imageInput.addEventListener("change", function () { self.readImage(); });
    this.list.addEventListener("change", function (event) {
      var id = event.target.dataset.id;
      if (id) { self.model.toggle(id); }
    });
    var page = this.pageInputs;
    page.preset.addEventListener("change", function () {
      var preset = self.presets.filter(function (p) { return p.key === page.preset.value; })[0];
      if (!preset) { page.width_mm.focus(); return; }
      self.model.change(function (layout) {
        layout.page.width_mm = preset.width_mm;
        layout.page.height_mm = preset.height_mm;
      });
    });
    ["width_mm", "height_mm", "bleed_mm"].forEach(function (name) {
      page[name].addEventListener("change", function () {
        var value = number(page[name].value);
        if (value === null || value < 0) { return; }
        self.model.change(function (layout) { layout.page[name] = value; });
      });
    });
  };

  // One property of the primary element, from its input.
  Panel.prototype.apply = function (name, input, key) {
    var el = this.model.primary();
    if (!el) { return; }
    var value;
    if (input.type === "checkbox") {
      value = input.checked;
    } else if (NUMBERS.indexOf(name) >= 0) {
      value = number(input.value);
      if (value === null) { return; }  // half-typed: wait for a number
    } else if (name === "rotate") {
      value = parseInt(input.value, 10);
    } else {
      value = input.value;
    }
    var self = this;
    this.model.change(function () {
      el[name] = value;
      if (name === "type") { self.retype(el); }
    }, key ? key + ":" + el.id : null);
  };

  // An element changing type keeps its box and gets what the new type needs.
  Panel.prototype.retype = function (el) {
    if (el.type === "field" && (!el.field || el.field === "logo")) { el.field = this.input("field").options[0].value; }
    if (el.type === "image" && !el.data) { el.field = "logo"; }
    if (el.type === "text" && !el.text) { el.text = this.strings.new_text; }
    if ((el.type === "text" || el.type === "field") && !el.font_size) { el.font_size = 12; el.min_font_size = 8; }
    if (el.type === "qr") { el.w_mm = el.h_mm = Math.max(20, el.w_mm, el.h_mm); }
    if (el.type === "line") { el.h_mm = 0; }
    if (el.type !== "line") {  // a line's negative run becomes a box's corner
      if (el.w_mm < 0) { el.x_mm += el.w_mm; el.w_mm = -el.w_mm; }
      if (el.h_mm < 0) { el.y_mm += el.h_mm; el.h_mm = -el.h_mm; }
      if (el.w_mm < 0.5) { el.w_mm = 5; }
      if (el.h_mm < 0.5) { el.h_mm = 5; }
    }
  };

  Panel.prototype.readImage = function () {
    var el = this.model.primary();
    var file = this.imageInput.files[0];
    var self = this;
    if (!el || !file) { return; }
    if (["image/png", "image/jpeg"].indexOf(file.type) < 0) { this.say(this.strings.image_type, true); return; }
    if (file.size > IMAGE_LIMIT) { this.say(this.strings.image_too_big, true); return; }
    var reader = new FileReader();
    reader.onload = function () {
      var data = String(reader.result);
      self.model.change(function () {
        el.media_type = file.type;
        el.data = data.slice(data.indexOf(",") + 1);
        delete el.field;
      });
      self.imageInput.value = "";
    };
    reader.readAsDataURL(file);
  };

  Panel.prototype.show = function () {
    var model = this.model;
    var el = model.primary();
    var count = model.selection.length;
    this.fields.disabled = !el;
    this.fields.hidden = !el;
    this.note.textContent = !el ? this.strings.nothing_selected :
      (count > 1 ? LD.format(this.strings.many_selected, { n: count }) : "");
    if (el) { this.fill(el); }
    this.showList();
    this.showPage();
  };

  Panel.prototype.fill = function (el) {
    Array.prototype.forEach.call(this.form.querySelectorAll("[data-for]"), function (box) {
      box.hidden = box.dataset.for.split(" ").indexOf(el.type) < 0;
    });
    var active = document.activeElement;
    Array.prototype.forEach.call(this.form.elements, function (input) {
      var name = input.name;
      if (!name || input.type === "file" || input.tagName === "FIELDSET") { return; }
      var value = el[name];
      if (input.type === "checkbox") { input.checked = name === "fill" ? value !== false : Boolean(value); return; }
      if (input === active && NUMBERS.indexOf(name) >= 0 && number(input.value) === value) { return; }  // typing "12," stays
      if (input === active && name === "text") { return; }
      if (name === "color") { value = /^#[0-9a-fA-F]{6}$/.test(value || "") ? value : "#000000"; }
      if (name === "rotate") { value = String(value || 0); }
      if (name === "align") { value = value || "center"; }
      if (name === "valign") { value = value || "middle"; }
      if (name === "line_width" && value === undefined) { value = 0.75; }
      if (name === "field" && !value) { value = el.type === "image" ? "logo" : ""; }
      input.value = value === undefined || value === null ? "" : value;
    });
  };

  Panel.prototype.showList = function () {
    var model = this.model;
    var list = this.list;
    var items = list.children;
    var self = this;
    model.layout.elements.forEach(function (el, index) {
      var item = items[index];
      if (!item) {
        item = document.createElement("li");
        var label = document.createElement("label");
        label.className = "check";
        var box = document.createElement("input");
        box.type = "checkbox";
        label.appendChild(box);
        label.appendChild(document.createElement("span"));
        item.appendChild(label);
        list.appendChild(item);
      }
      var checkbox = item.querySelector("input");
      checkbox.dataset.id = el.id;
      checkbox.checked = model.selection.indexOf(el.id) >= 0;
      item.querySelector("span").textContent = LD.format(self.strings.element, { n: index + 1, what: self.describe.element(el) });
    });
    while (items.length > model.layout.elements.length) { list.removeChild(list.lastChild); }
  };

  Panel.prototype.showPage = function () {
    var page = this.model.layout.page;
    var inputs = this.pageInputs;
    var match = this.presets.filter(function (p) {
      return Math.abs(p.width_mm - page.width_mm) < 0.01 && Math.abs(p.height_mm - page.height_mm) < 0.01;
    })[0];
    inputs.preset.value = match ? match.key : "custom";
    ["width_mm", "height_mm", "bleed_mm"].forEach(function (name) {
      if (inputs[name] !== document.activeElement) { inputs[name].value = page[name] === undefined ? "" : page[name]; }
    });
  };

  // The server named a bad property ("elements[2].w_mm", "page.width_mm"): its input shows the message.
  Panel.prototype.markError = function (path, message) {
    this.clearErrors();
    var name = String(path || "").split(".").pop();
    var input = /^page\./.test(path || "") ? this.pageInputs[name] : this.input(name);
    if (!input || !input.closest) { return null; }
    var box = input.closest(".field");
    if (!box || box.hidden) { return null; }
    var error = document.createElement("p");
    error.className = "error ld-field-error";
    error.id = "ld-field-error";
    error.textContent = message;
    box.classList.add("has-error");
    box.appendChild(error);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", error.id);
    return input;
  };

  Panel.prototype.clearErrors = function () {
    var old = document.getElementById("ld-field-error");
    if (!old) { return; }
    var box = old.closest(".field");
    var input = box && box.querySelector("[aria-invalid]");
    if (input) { input.removeAttribute("aria-invalid"); input.removeAttribute("aria-describedby"); }
    if (box) { box.classList.remove("has-error"); }
    old.remove();
  };

  LD.Panel = Panel;
})();
