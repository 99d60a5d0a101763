// The organisers' check-in dashboard refreshes itself every five seconds from the stats endpoint.
(function () {
  "use strict";
  const root = document.getElementById("dashboard");
  if (!root) return;
  const url = root.dataset.statsUrl;
  const INTERVAL = 5000;

  function cell(row, text) {
    const td = document.createElement("td");
    td.textContent = text;
    row.append(td);
  }

  function empty(list) {
    const li = document.createElement("li");
    li.className = "empty";
    li.textContent = root.dataset.empty;
    list.append(li);
  }

  function span(cls, text) {
    const s = document.createElement("span");
    s.className = cls;
    s.textContent = text;
    return s;
  }

  function scanItems(id, scans) {
    const list = document.getElementById(id);
    list.replaceChildren();
    if (!scans.length) return empty(list);
    for (const s of scans) {
      const li = document.createElement("li");
      li.className = `scan-item colour-${s.colour}${s.undone ? " undone" : ""}`;
      const guest = s.guest || (s.code_tail ? `…${s.code_tail}` : "—");
      const meta = `${s.gate} · ${s.device}${s.offline ? ` · ${root.dataset.offline}` : ""}`;
      li.append(span("scan-time", s.time), span("scan-result", s.undone ? `${s.label} (${root.dataset.undone})` : s.label),
                span("scan-guest", guest), span("scan-meta", meta));
      list.append(li);
    }
  }

  function render(data) {
    for (const node of root.querySelectorAll("[data-stat]")) {
      node.textContent = String(data[node.dataset.stat]);
    }
    const alerts = document.getElementById("alerts");
    alerts.replaceChildren();
    if (!data.alerts.length) empty(alerts);
    for (const a of data.alerts) {
      const li = document.createElement("li");
      const time = document.createElement("strong");
      time.textContent = a.time;
      const details = [a.organization, a.category, a.gate, a.awards.join(", ")].filter(Boolean).join(" · ");
      li.append(time, ` ${a.name}${a.position ? `, ${a.position}` : ""} `, span("scan-meta", details));
      alerts.append(li);
    }
    const categories = document.getElementById("by-category");
    categories.replaceChildren();
    for (const c of data.categories) {
      const row = document.createElement("tr");
      cell(row, c.name); cell(row, c.checked_in); cell(row, c.registered);
      categories.append(row);
    }
    const gates = document.getElementById("by-gate");
    gates.replaceChildren();
    for (const g of data.gates) {
      const row = document.createElement("tr");
      cell(row, g.name); cell(row, `${g.admitted} / ${g.eligible}`); cell(row, g.inside);
      cell(row, g.scans); cell(row, g.duplicates); cell(row, g.refused);
      gates.append(row);
    }
    // The chart is SVG made by the server (eventapp.checkin.charts): no script, escaped text.
    document.getElementById("chart").innerHTML = data.chart_svg;
    scanItems("last-scans", data.last_scans);
    scanItems("duplicate-scans", data.duplicate_scans);
    scanItems("refusals", data.refusals);
    const stamp = new Date();
    document.getElementById("refreshed").textContent =
      `${stamp.getHours().toString().padStart(2, "0")}:${stamp.getMinutes().toString().padStart(2, "0")}:${stamp.getSeconds().toString().padStart(2, "0")}`;
    root.dataset.updated = String(Date.now());
  }

  async function refresh() {
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) render(await response.json());
    } catch (error) {
      // The next poll will try again.
    }
  }

  setInterval(refresh, INTERVAL);
})();
