/* The layout designer page: ties the model, the canvas and the panel together; the toolbar, the
   keyboard, saving (the server's refusal shown next to the element it names), the background
   upload, the sample guests and the print preview drawn by the server. */
(function () {
  "use strict";
  var LD = window.LayoutDesigner;
  var root = document.getElementById("layout-designer");
  if (!root || !LD) { return; }
  var strings = JSON.parse(root.dataset.strings);
  var urls = JSON.parse(root.dataset.urls);
  var samples = JSON.parse(root.dataset.samples);
  var presets = JSON.parse(root.dataset.presets);
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var $ = function (id) { return document.getElementById(id); };
  var status = $("ld-status");
  var errorBox = $("ld-error");
  var previewBox = $("ld-preview");
  var previewFrame = $("ld-preview-frame");
  var previewLink = $("ld-preview-open");
  var sampleSelect = $("ld-sample");
  var previewUrl = null;
  var previewTimer = null;
  var bubble = null;

  function optionText(select, value) {
    var option = Array.prototype.filter.call(select.options, function (o) { return o.value === value; })[0];
    return option ? option.textContent.trim() : (value || "");
  }
  var describe = {
    fieldLabel: function (key) { return optionText($("ld-p-field"), key); },
    element: function (el) {
      var what = optionText($("ld-p-type"), el.type);
      if (el.type === "field") { what += " – " + describe.fieldLabel(el.field); }
      if (el.type === "image") { what += " – " + (el.data ? strings.image : strings.logo); }
      if (el.type === "text" && el.text) { what += " – " + (el.text.length > 30 ? el.text.slice(0, 29) + "…" : el.text); }
      return what;
    }
  };

  function say(message, isError) {
    status.textContent = message;
    status.classList.toggle("error", Boolean(isError));
  }

  var model = new LD.Model(JSON.parse(root.dataset.layout), changed);
  var canvas = new LD.Canvas(model, {
    logo: root.dataset.logo || null,
    page: $("ld-page"), sheet: $("ld-sheet"), stage: $("ld-stage"), zoom: $("ld-zoom"),
    strings: strings, describe: describe,
    snapOptions: function () {
      return { grid: $("ld-snap-grid").checked ? parseFloat($("ld-grid").value) : 0, elements: $("ld-snap-elements").checked };
    },
    onFocusElement: function (id) { if (!model.multi && model.selection.indexOf(id) < 0) { model.select([id]); } }
  });
  var panel = new LD.Panel(model, {
    form: $("ld-props"), fieldset: $("ld-props-fields"), note: $("ld-selection-note"), list: $("ld-list"),
    pageInputs: { preset: $("ld-preset"), width_mm: $("ld-page-w"), height_mm: $("ld-page-h"), bleed_mm: $("ld-page-bleed") },
    presets: presets, imageInput: $("ld-p-image"), strings: strings, describe: describe, say: say
  });

  function render() {
    canvas.render();
    panel.show();
    root.querySelector('[data-action="undo"]').setAttribute("aria-disabled", String(!model.undoStack.length));
    root.querySelector('[data-action="redo"]').setAttribute("aria-disabled", String(!model.redoStack.length));
    root.dataset.dirty = String(model.dirty);
  }

  function changed(reason) {
    if (reason !== "select") { clearError(); }
    render();
    if (reason === "edit" || reason === "undo" || reason === "redo") {
      say(reason === "undo" ? strings.undone : reason === "redo" ? strings.redone : strings.unsaved);
      schedulePreview();
    }
  }

  // ----- the server's answers ---------------------------------------------------------------------
  function send(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", body: body,
      headers: body instanceof FormData ? { "X-CSRFToken": token, "Accept": "application/json" } :
        { "X-CSRFToken": token, "Accept": "application/json", "Content-Type": "application/json" }
    });
  }

  function refusal(response) {  // a 422's {"error", "field", "element"}, or a message for anything else
    return response.json().catch(function () { return {}; }).then(function (data) {
      if (!data.error) { data.error = strings.save_failed + " (HTTP " + response.status + ")"; }
      return data;
    });
  }

  function clearError() {
    errorBox.hidden = true;
    errorBox.textContent = "";
    panel.clearErrors();
    if (bubble) { bubble.remove(); bubble = null; }
    Array.prototype.forEach.call(root.querySelectorAll(".ld-el.has-error"), function (n) { n.classList.remove("has-error"); });
  }

  function elementIndex(data) {
    var match = /^elements\[(\d+)\]/.exec(data.field || "");
    if (match) { return parseInt(match[1], 10); }
    return typeof data.element === "number" ? data.element : -1;  // from 0, as the path
  }

  // Shows a refusal at the top, next to the element it names (selected), and at its input.
  function showError(data, heading) {
    clearError();
    errorBox.textContent = data.error;
    errorBox.hidden = false;
    say(heading || strings.save_failed, true);  // the alert reads the message itself
    if (data.field === "file") { return; }
    var index = elementIndex(data);
    var el = model.layout.elements[index];
    if (el) {
      model.select([el.id]);
      var node = canvas.nodes[el.id];
      node.classList.add("has-error");
      bubble = document.createElement("div");
      bubble.className = "ld-bubble";
      bubble.id = "ld-bubble";
      bubble.textContent = data.error;
      var at = LD.box(el);
      bubble.style.left = Math.max(0, at.left) * canvas.px + "px";
      bubble.style.top = at.bottom * canvas.px + 6 + "px";
      canvas.page.appendChild(bubble);
      node.setAttribute("aria-describedby", "ld-bubble");
      node.focus({ preventScroll: false });
    }
    panel.markError(data.field, data.error);
  }

  function save() {
    say(strings.saving);
    send(urls.save, JSON.stringify({ layout: model.layout })).then(function (response) {
      if (response.ok) {
        return response.json().then(function (data) {
          model.replace(data.layout);
          var when = data.saved_at ? new Date(data.saved_at) : new Date();
          say(LD.format(strings.saved, { time: when.toLocaleTimeString(document.documentElement.lang) }));
        });
      }
      return refusal(response).then(showError);
    }).catch(function () { say(strings.network, true); });
  }

  function preview() {
    var body = { layout: model.layout };
    var sample = samples[parseInt(sampleSelect.value, 10)];
    if (!$("ld-preview-all").checked && sample && typeof sample.guest_id === "number") { body.guest_ids = [sample.guest_id]; }
    say(strings.preview_busy);
    previewBox.setAttribute("aria-busy", "true");
    return send(urls.preview, JSON.stringify(body)).then(function (response) {
      if (!response.ok) { return refusal(response).then(function (data) { showError(data, strings.preview_failed); }); }
      return response.blob().then(function (blob) {
        if (previewUrl) { URL.revokeObjectURL(previewUrl); }
        previewUrl = URL.createObjectURL(blob.type === "application/pdf" ? blob : new Blob([blob], { type: "application/pdf" }));
        previewFrame.src = previewUrl;
        previewLink.href = previewUrl;
        previewBox.hidden = false;
        say(strings.preview_ready);
      });
    }).catch(function () { say(strings.network, true); }).then(function () { previewBox.removeAttribute("aria-busy"); });
  }

  // A page whose policy forbids framing its own PDF still has the link to open it.
  document.addEventListener("securitypolicyviolation", function (event) {
    if (String(event.blockedURI).indexOf("blob") !== 0 || event.violatedDirective.indexOf("frame") < 0) { return; }
    previewFrame.hidden = true;
    $("ld-preview-blocked").hidden = false;
  });

  function schedulePreview() {  // live: once the preview is open, it follows the edits
    if (previewBox.hidden || !$("ld-preview-live").checked) { return; }
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(preview, 1200);
  }

  function uploadBackground() {
    var input = $("ld-bg-file");
    var problem = $("ld-bg-error");
    problem.hidden = true;
    if (!input.files.length) { problem.textContent = strings.choose_file; problem.hidden = false; input.focus(); return; }
    var form = new FormData();
    form.append("file", input.files[0]);
    say(strings.uploading);
    send(urls.background, form).then(function (response) {
      if (!response.ok) {
        return refusal(response).then(function (data) {
          problem.textContent = data.error;
          problem.hidden = false;
          say(data.error, true);
        });
      }
      return response.json().then(function (data) {
        model.change(function (layout) { layout.background = data.background; });
        input.value = "";
        say(strings.background_set);
      });
    }).catch(function () { say(strings.network, true); });
  }

  // ----- adding elements ----------------------------------------------------------------------------
  function newElement(type) {
    var page = model.layout.page;
    var w = { text: 0.6, field: 0.8, qr: 0, image: 0, box: 0.4, line: 0.6 }[type] * page.width_mm;
    var el = { type: type, w_mm: w, h_mm: 10, rotate: 0, color: "#000000" };
    if (type === "text") { el.text = strings.new_text; el.font_size = 12; el.min_font_size = 8; el.align = "center"; }
    if (type === "field") {
      el.field = $("ld-p-field").options[0].value;
      el.font_size = 14; el.min_font_size = 8; el.bold = true; el.align = "center";
    }
    if (type === "qr") { el.w_mm = el.h_mm = Math.min(25, page.width_mm, page.height_mm); }
    if (type === "image") { el.field = "logo"; el.w_mm = el.h_mm = Math.min(20, page.width_mm, page.height_mm); }
    if (type === "box") { el.color = "#0b5394"; el.category_colour = true; }
    if (type === "line") { el.h_mm = 0; el.line_width = 0.75; }
    var step = (model.layout.elements.length % 5) * 3;  // a second new element does not hide the first
    el.x_mm = LD.round(Math.max(0, Math.min(page.width_mm - el.w_mm, (page.width_mm - el.w_mm) / 2 + step)));
    el.y_mm = LD.round(Math.max(0, Math.min(page.height_mm - el.h_mm, (page.height_mm - el.h_mm) / 2 + step)));
    el.w_mm = LD.round(el.w_mm);
    model.add(el);
    say(LD.format(strings.added, { what: describe.element(el) }));
    canvas.focus(el.id);
  }

  function removeSelected() {
    var index = model.indexOf(model.selection[0]);
    var n = model.remove();
    if (!n) { return; }
    say(LD.format(strings.removed, { n: n }));
    var next = model.layout.elements[Math.min(index, model.layout.elements.length - 1)];
    if (next) { canvas.focus(next.id); } else { $("ld-page").focus(); }
  }

  var actions = {
    undo: function () { model.undo(); },
    redo: function () { model.redo(); },
    duplicate: function () { var ids = model.duplicate(); if (ids.length) { canvas.focus(ids[ids.length - 1]); } },
    "delete": removeSelected,
    save: save,
    preview: preview,
    "upload-background": uploadBackground,
    "use-logo": function () {
      var el = model.primary();
      if (el) { model.change(function () { delete el.data; delete el.media_type; el.field = "logo"; }); }
    },
    "remove-background": function () {
      if (model.change(function (layout) { layout.background = null; })) { say(strings.background_removed); }
    }
  };

  root.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || !root.contains(button)) { return; }
    if (button.dataset.add) { newElement(button.dataset.add); }
    if (button.dataset.align) { model.align(button.dataset.align); }
    if (button.dataset.action && actions[button.dataset.action]) { actions[button.dataset.action](); }
  });

  // ----- keyboard -------------------------------------------------------------------------------------
  function typing(target) {
    return target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && ["checkbox", "radio", "file", "color"].indexOf(target.type) < 0);
  }

  document.addEventListener("keydown", function (event) {
    var key = event.key.toLowerCase();
    if (!(event.ctrlKey || event.metaKey) || event.altKey) { return; }
    if (key === "s") { event.preventDefault(); save(); return; }
    if (typing(event.target)) { return; }  // the input's own undo
    if (key === "z" && !event.shiftKey) { event.preventDefault(); model.undo(); }
    if (key === "y" || (key === "z" && event.shiftKey)) { event.preventDefault(); model.redo(); }
  });

  var ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  $("ld-page").addEventListener("keydown", function (event) {
    var node = event.target.closest(".ld-el");
    if (!node || event.ctrlKey || event.metaKey) { return; }
    var id = node.dataset.id;
    var arrow = ARROWS[event.key];
    if (arrow) {
      event.preventDefault();
      var step = event.shiftKey ? 5 : 0.5;
      if (model.selection.indexOf(id) < 0) { model.select([id]); }
      if (event.altKey) { model.grow(arrow[0] * step, arrow[1] * step); } else { model.nudge(arrow[0] * step, arrow[1] * step); }
      var el = model.find(id);
      say(LD.format(strings.position, { x: LD.mm(el.x_mm), y: LD.mm(el.y_mm), w: LD.mm(el.w_mm), h: LD.mm(el.h_mm) }));
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      if (model.selection.indexOf(id) < 0) { model.select([id]); }
      removeSelected();
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      if (!event.shiftKey) {
        model.select([id]);
      } else if (model.selection.length === 1 && model.selection[0] === id) {
        model.multi = true;  // keep it, and add the next ones
      } else {
        model.toggle(id);
      }
      say(LD.format(strings.many_selected, { n: model.selection.length }));
    } else if (event.key === "Escape") {
      model.select([]);
    }
  });

  // ----- the rest of the controls -----------------------------------------------------------------------
  function showSample() {
    canvas.sample = samples[parseInt(sampleSelect.value, 10)] || null;
    render();
  }
  sampleSelect.addEventListener("change", function () { showSample(); schedulePreview(); });
  $("ld-zoom").addEventListener("change", render);
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(render, 150);
  });
  window.addEventListener("beforeunload", function (event) {
    if (!model.dirty) { return undefined; }
    event.preventDefault();
    event.returnValue = strings.leave;
    return strings.leave;
  });
  root.querySelector(".ld-reset").addEventListener("submit", function () { model.dirty = false; });

  $("ld-page").tabIndex = -1;  // where the focus goes when the last element is deleted
  showSample();
})();
