// The scanning page's two panels: finding a guest without a badge, and registering a walk-in.
// setupPanels() receives what it needs from scan.js (elements, words, the network call, the scan).
export function setupPanels({ el, config, words, call, submitScan, onServerAnswer, printLinks, keepFocus, timeOf,
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

  // Admitting from a search is a decision about a person, not a tap: the staff see whom they admit.
  function admitButton(guest) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = words.admit;
    button.addEventListener("click", () => {
      unlockSound();
      confirmAdmit(guest, button);
    });
    return button;
  }

  function confirmAdmit(guest, opener) {
    document.querySelectorAll(".admit-confirm").forEach((box) => box.remove());
    const box = document.createElement("div");
    box.className = "admit-confirm";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", words.admit_confirm);
    const question = document.createElement("p");
    question.textContent = words.admit_confirm;
    const who = document.createElement("dl");
    for (const [term, value] of [[words.name, guest.name], [words.organization, guest.organization || "—"],
                                 [words.category, guest.category || "—"]]) {
      const dt = document.createElement("dt");
      dt.textContent = term;
      const dd = document.createElement("dd");
      dd.textContent = value;
      who.append(dt, dd);
    }
    const yes = document.createElement("button");
    yes.type = "button";
    yes.className = "button admit-yes";
    yes.textContent = words.admit_yes;
    yes.addEventListener("click", () => {
      box.remove();
      submitScan(null, { guest_id: guest.id });
      el.searchPanel.classList.add("hidden");
      el.walkinPanel.classList.add("hidden");
      keepFocus();
    });
    const no = document.createElement("button");
    no.type = "button";
    no.className = "button secondary admit-no";
    no.textContent = words.cancel;
    no.addEventListener("click", () => {
      box.remove();
      opener.focus();
    });
    box.append(question, who, yes, no);
    opener.closest("li").append(box);
    // Scrolled above the fixed thumb bar (the page's scroll-padding), not under it.
    yes.focus({ preventScroll: true });
    box.scrollIntoView({ block: "nearest" });
  }

  function guestItem(guest) {
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
      item.append(admitButton(guest));
    } else {
      const status = document.createElement("span");
      status.className = "scan-meta";
      status.textContent = words.status[guest.status] || guest.status;
      item.append(status);
    }
    if (guest.status === "registered") item.append(...printLinks(guest));
    return item;
  }

  // "x of y" and "load more": a common family name matches a hundred guests.
  const searchCount = document.createElement("p");
  searchCount.id = "search-count";
  searchCount.className = "hint";
  searchCount.setAttribute("aria-live", "polite");
  const moreButton = document.createElement("button");
  moreButton.type = "button";
  moreButton.id = "search-more";
  moreButton.className = "button secondary hidden";
  moreButton.textContent = words.load_more;
  el.searchResults.after(searchCount, moreButton);
  let searched = { query: "", shown: 0 };

  async function searchPage(query, offset) {
    try {
      const url = `${config.urls.search}?q=${encodeURIComponent(query)}&offset=${offset}`;
      const response = await call(url);
      const data = await response.json();
      if (!response.ok) throw new Error(data.error);
      if (!data.guests.length && !offset) {
        const empty = document.createElement("li");
        empty.textContent = words.no_results;
        el.searchResults.append(empty);
      }
      for (const guest of data.guests) el.searchResults.append(guestItem(guest));
      searched = { query, shown: offset + data.guests.length };
      searchCount.textContent = data.total ? fill(words.shown_of, { shown: searched.shown, total: data.total }) : "";
      moreButton.classList.toggle("hidden", searched.shown >= data.total);
    } catch (error) {
      const item = document.createElement("li");
      item.textContent = navigator.onLine === false ? words.search_offline : (error.message || words.error);
      el.searchResults.append(item);
    }
  }

  el.searchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = el.searchInput.value.trim();
    el.searchResults.replaceChildren();
    searchCount.textContent = "";
    moreButton.classList.add("hidden");
    if (query.length >= 2) searchPage(query, 0);
  });
  moreButton.addEventListener("click", () => searchPage(searched.query, searched.shown));

  el.walkinForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    unlockSound();
    el.walkinError.textContent = "";
    for (const input of el.walkinForm.elements) input.removeAttribute("aria-invalid");
    el.walkinDone.replaceChildren();
    const body = Object.fromEntries(new FormData(el.walkinForm).entries());
    body.gate = config.gate;
    try {
      const response = await call(config.urls.walk_in, { method: "POST", body: JSON.stringify(body) });
      const data = await response.json().catch(() => ({}));
      if (response.status === 201) {
        // The full-screen verdict, like a badge: the new guest may go in (or hears why not).
        el.walkinForm.reset();
        onServerAnswer(data, null);
        const done = document.createElement("p");
        done.textContent = `${data.label}: ${data.guest ? data.guest.name : ""}`;
        el.walkinDone.append(done);
        if (data.result === "accepted") {
          for (const link of printLinks(data.guest)) {
            link.className = "button secondary";
            el.walkinDone.append(link);
          }
        }
        return;
      }
      // Every field at fault, each on its own line (data.errors when there are several).
      const errors = data.errors || [{ error: data.error || words.error, field: data.field }];
      el.walkinError.replaceChildren(...errors.map((each, n) => {
        const line = document.createElement("span");
        line.textContent = each.error;
        return n ? [document.createElement("br"), line] : [line];
      }).flat());
      for (const each of errors) {
        const input = each.field && el.walkinForm.elements[each.field];
        if (input) input.setAttribute("aria-invalid", "true");
      }
      if (data.existing) {
        const note = document.createElement("p");
        note.textContent = fill(words.existing, { name: data.existing.name });
        el.walkinDone.append(note, admitButton(data.existing));
      }
      const field = errors[0].field && el.walkinForm.elements[errors[0].field];
      if (field) field.focus();
    } catch (error) {
      el.walkinError.textContent = words.search_offline;
    }
  });
}
