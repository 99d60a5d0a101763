// The scanning page's two panels: finding a guest without a badge, and registering a walk-in.
// setupPanels() receives what it needs from scan.js (elements, words, the network call, the scan).
export function setupPanels({ el, config, words, call, submitScan, onServerAnswer, reprintLink, keepFocus, timeOf,
                              fill, unlockSound, $ }) {
  function togglePanel(panel, other, focusTarget) {
    other.classList.add("hidden");
    panel.classList.toggle("hidden");
    el.searchToggle.setAttribute("aria-expanded", String(!el.searchPanel.classList.contains("hidden")));
    el.walkinToggle.setAttribute("aria-expanded", String(!el.walkinPanel.classList.contains("hidden")));
    if (panel.classList.contains("hidden")) keepFocus();
    else focusTarget.focus();
  }

  el.searchToggle.addEventListener("click", () => togglePanel(el.searchPanel, el.walkinPanel, el.searchInput));
  el.walkinToggle.addEventListener("click", () => togglePanel(el.walkinPanel, el.searchPanel, $("walkin-name")));

  function admitButton(guestId) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = words.admit;
    button.addEventListener("click", () => {
      unlockSound();
      submitScan(null, { guest_id: guestId });
      el.searchPanel.classList.add("hidden");
      el.walkinPanel.classList.add("hidden");
      keepFocus();
    });
    return button;
  }

  el.searchForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const query = el.searchInput.value.trim();
    el.searchResults.replaceChildren();
    if (query.length < 2) return;
    try {
      const response = await call(`${config.urls.search}?q=${encodeURIComponent(query)}`);
      const data = await response.json();
      if (!response.ok) throw new Error(data.error);
      if (!data.guests.length) {
        const empty = document.createElement("li");
        empty.textContent = words.no_results;
        el.searchResults.append(empty);
      }
      for (const guest of data.guests) {
        const item = document.createElement("li");
        const name = document.createElement("strong");
        name.textContent = guest.name;
        const detail = document.createElement("span");
        detail.className = "scan-meta";
        const phone = guest.phone_end ? `…${guest.phone_end}` : "";
        detail.textContent = [guest.organization, guest.category, phone].filter(Boolean).join(" · ");
        item.append(name, detail);
        if (guest.checked_in_at) {
          const done = document.createElement("span");
          done.className = "scan-meta";
          done.textContent = fill(words.checked_in_at, { time: timeOf(guest.checked_in_at) });
          item.append(done);
        } else if (guest.status === "registered") {
          item.append(admitButton(guest.id));
        } else {
          const status = document.createElement("span");
          status.className = "scan-meta";
          status.textContent = words.status[guest.status] || guest.status;
          item.append(status);
        }
        if (config.urls.reprint && guest.status === "registered") item.append(reprintLink(guest.id));
        el.searchResults.append(item);
      }
    } catch (error) {
      const item = document.createElement("li");
      item.textContent = navigator.onLine === false ? words.search_offline : (error.message || words.error);
      el.searchResults.append(item);
    }
  });

  el.walkinForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    unlockSound();
    el.walkinError.textContent = "";
    el.walkinDone.replaceChildren();
    const body = Object.fromEntries(new FormData(el.walkinForm).entries());
    body.gate = config.gate;
    try {
      const response = await call(config.urls.walk_in, { method: "POST", body: JSON.stringify(body) });
      const data = await response.json().catch(() => ({}));
      if (response.status === 201) {
        onServerAnswer(data, null);
        el.walkinForm.reset();
        const done = document.createElement("p");
        done.textContent = `${data.label}: ${data.guest ? data.guest.name : ""}`;
        el.walkinDone.append(done);
        if (data.reprint_url) {
          const link = reprintLink(data.guest_id);
          link.className = "button secondary";
          el.walkinDone.append(link);
        }
        return;
      }
      el.walkinError.textContent = data.error || words.error;
      if (data.existing) {
        const note = document.createElement("p");
        note.textContent = fill(words.existing, { name: data.existing.name });
        el.walkinDone.append(note, admitButton(data.existing.id));
      }
      const field = data.field && el.walkinForm.elements[data.field];
      if (field) field.focus();
    } catch (error) {
      el.walkinError.textContent = words.search_offline;
    }
  });
}
