// The guest list's bulk actions: "select all on this page", the live count of the ticked guests,
// and the target category shown only for "change category". The server asks for confirmation.
(function () {
  "use strict";
  var form = document.getElementById("bulk-form");
  if (!form) { return; }
  var all = form.querySelector("[data-bulk-all]");
  var count = form.querySelector("[data-bulk-count]");
  var action = form.querySelector("#bulk-action");
  var category = form.querySelector("[data-bulk-category]");

  function boxes() { return Array.prototype.slice.call(form.querySelectorAll('input[name="guest"]')); }

  function update() {
    var ticked = boxes().filter(function (box) { return box.checked; }).length;
    if (count) { count.textContent = count.getAttribute("data-template").replace("{n}", String(ticked)); }
    if (all) {
      all.checked = ticked > 0 && ticked === boxes().length;
      all.indeterminate = ticked > 0 && ticked < boxes().length;
    }
  }

  function showCategory() {
    if (category && action) { category.hidden = action.value !== "category"; }
  }

  form.addEventListener("change", function (event) {
    if (event.target === all) {
      boxes().forEach(function (box) { box.checked = all.checked; });
    }
    if (event.target === action) { showCategory(); }
    update();
  });
  showCategory();
  update();
})();
