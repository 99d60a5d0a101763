// "Sao chép" buttons: copy the text of the field named by data-copy, and say so in its status line.
(function () {
  "use strict";

  function say(id, text) {
    var status = document.querySelector('[data-copy-status="' + id + '"]');
    if (status) { status.textContent = text; }
  }

  function fallback(field) {
    // Older browsers, or a page not served over HTTPS: the selection and execCommand still work.
    field.focus();
    field.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var id = button.getAttribute("data-copy");
    var field = document.getElementById(id);
    if (!field) { return; }
    var done = function () { say(id, button.getAttribute("data-done")); };
    var failed = function () { say(id, fallback(field) ? button.getAttribute("data-done") : button.getAttribute("data-failed")); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, failed);
    } else {
      failed();
    }
  });
})();
