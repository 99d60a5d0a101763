// Keeps the per-category counts of the guest list live: refetches them every 15 seconds.
(function () {
  "use strict";
  var table = document.getElementById("guest-counts");
  if (!table || !window.fetch) { return; }
  var url = table.getAttribute("data-url");

  function update(rows) {
    rows.forEach(function (row) {
      var selector = 'tr[data-category="' + (row.category || "") + '"]';
      var line = table.querySelector(selector);
      if (!line) { return; }
      ["registered", "waiting", "pending", "approved", "checked_in"].forEach(function (key) {
        var cell = line.querySelector('[data-count="' + key + '"]');
        if (cell && row[key] !== null && row[key] !== undefined) { cell.textContent = String(row[key]); }
      });
    });
  }

  function refresh() {
    if (document.hidden) { return; }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && data.counts) { update(data.counts); } })
      .catch(function () { /* offline for a moment: the next refresh tries again */ });
  }

  window.setInterval(refresh, 15000);
})();
