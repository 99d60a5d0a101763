/* Drag booths on the organiser's plan editor; each drop posts the new corner (snapped to 0.5 m). */
(function () {
  "use strict";
  var editor = document.querySelector(".plan-editor");
  if (!editor) { return; }
  var svg = editor.querySelector("svg.floor-plan");
  var status = document.getElementById("editor-status");
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var urlTemplate = editor.getAttribute("data-position-url");
  var drag = null;

  function point(event) {
    var p = svg.createSVGPoint();
    p.x = event.clientX; p.y = event.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  function snap(value) { return Math.round(value * 2) / 2; }

  function place(group, dx, dy) {
    group.setAttribute("transform", "translate(" + dx + " " + dy + ")");
  }

  function settle(group, dx, dy) {
    group.removeAttribute("transform");
    Array.prototype.forEach.call(group.querySelectorAll("rect, text"), function (el) {
      el.setAttribute("x", parseFloat(el.getAttribute("x")) + dx);
      el.setAttribute("y", parseFloat(el.getAttribute("y")) + dy);
    });
  }

  svg.addEventListener("pointerdown", function (event) {
    var group = event.target.closest("g.booth");
    if (!group) { return; }
    var rect = group.querySelector("rect");
    drag = { group: group, start: point(event), x: parseFloat(rect.getAttribute("x")), y: parseFloat(rect.getAttribute("y")) };
    group.classList.add("dragging");
    svg.setPointerCapture(event.pointerId);
    event.preventDefault();
  });

  svg.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var p = point(event);
    drag.dx = snap(drag.x + p.x - drag.start.x) - drag.x;
    drag.dy = snap(drag.y + p.y - drag.start.y) - drag.y;
    place(drag.group, drag.dx, drag.dy);
  });

  svg.addEventListener("pointerup", function () {
    if (!drag) { return; }
    var current = drag; drag = null;
    current.group.classList.remove("dragging");
    if (!current.dx && !current.dy) { current.group.removeAttribute("transform"); return; }
    var id = current.group.getAttribute("data-booth");
    var body = new URLSearchParams({ x: current.x + current.dx, y: current.y + current.dy });
    fetch(urlTemplate.replace("/0/position", "/" + id + "/position"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok) {
        settle(current.group, current.dx, current.dy);
        status.textContent = editor.getAttribute("data-saved") + " " + result.data.code + " (" + result.data.x + ", " + result.data.y + ")";
      } else {
        current.group.removeAttribute("transform");
        status.textContent = editor.getAttribute("data-failed") + ": " + (result.data.error || "");
      }
    }).catch(function () {
      current.group.removeAttribute("transform");
      status.textContent = editor.getAttribute("data-failed");
    });
  });
})();
