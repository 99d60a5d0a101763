// The door's scanning page: a handheld scanner types the code and Enter into the focused input, or
// the camera reads the QR; the answer fills the screen with a colour and a sound. Without network
// the page judges codes from the list it downloaded, keeps the scans and sends them later.
import { Camera } from "./camera.js";
import { playFor, unlockSound } from "./sound.js";
import { setupPanels } from "./panels.js";
import { Repeats } from "./repeats.js";
import { Store, newClientId } from "./store.js";

// Settings come in data attributes: the page has no inline script (Content-Security-Policy).
const app = document.getElementById("scan-app");
const config = JSON.parse(app.dataset.config);
config.urls.reprint = app.dataset.reprint || null;
const words = config.words;
const csrf = document.querySelector('meta[name="csrf-token"]').content;
const store = new Store(config.event, config.gate);
const $ = (id) => document.getElementById(id);
const el = {
  form: $("code-form"), input: $("code-input"), net: $("net"), pending: $("pending-count"),
  listInfo: $("list-info"), syncInfo: $("sync-info"), recent: $("recent"),
  answer: $("answer"), answerLabel: $("answer-label"), answerName: $("answer-name"),
  answerDetail: $("answer-detail"), answerMessage: $("answer-message"), answerAttention: $("answer-attention"),
  cameraBox: $("camera"), cameraToggle: $("camera-toggle"), undo: $("undo-last"), direction: $("direction-toggle"),
  rescan: $("rescan-last"),
  searchPanel: $("search-panel"), searchToggle: $("search-toggle"), searchForm: $("search-form"),
  searchInput: $("search-input"), searchResults: $("search-results"),
  walkinPanel: $("walkin-panel"), walkinToggle: $("walkin-toggle"), walkinForm: $("walkin-form"),
  walkinError: $("walkin-error"), walkinDone: $("walkin-done"),
};
const timeFormat = new Intl.DateTimeFormat("vi-VN", {
  hour: "2-digit", minute: "2-digit", hour12: false, timeZone: config.timezone,
});
const recentItems = new Map(); // client_id -> <li>, to show what the server said after a sync
let hideTimer = null;
let syncing = false;
let lastAccepted = null; // {scanId, code}
let lastRead = null; // the code last sent, for a deliberate rescan
const repeats = new Repeats(() => !el.answer.classList.contains("hidden"));
let direction = "in"; // "out": exit scans, so that a re-entry is allowed where the gate permits it

function fill(text, values) {
  return text.replace(/%\((\w+)\)s/g, (_, name) => (values[name] ?? ""));
}

function timeOf(iso) {
  return iso ? timeFormat.format(new Date(iso)) : "";
}

async function call(url, { method = "GET", body = null, timeout = 5000 } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    return await fetch(url, {
      method, body, credentials: "same-origin", signal: controller.signal,
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
    });
  } finally {
    clearTimeout(timer);
  }
}

function setOnline(value) {
  el.net.textContent = value ? words.online : words.offline;
  el.net.classList.toggle("net-online", value);
  el.net.classList.toggle("net-offline", !value);
}

function updatePending() {
  const count = store.queue().length;
  el.pending.textContent = String(count);
  el.pending.parentElement.classList.toggle("has-pending", count > 0);
}

function showListInfo() {
  if (!store.list) {
    el.listInfo.textContent = words.no_list;
    return;
  }
  el.listInfo.textContent = fill(words.list_info, {
    n: store.guestCount().toLocaleString("vi-VN"), time: timeOf(store.list.generated_at),
  });
}

// ----- the answer -------------------------------------------------------------------------------

function showAnswer({ result, colour, label, name, detail, message, attention }) {
  el.answer.className = `answer colour-${colour} result-${result}`;
  el.answer.dataset.result = result;
  el.answerLabel.textContent = label;
  el.answerName.textContent = name || "";
  el.answerDetail.textContent = detail || "";
  el.answerMessage.textContent = message || "";
  el.answerAttention.textContent = attention ? words.attention : "";
  el.answerAttention.classList.toggle("hidden", !attention);
  playFor(result, attention);
  clearTimeout(hideTimer);
  // Ready for the next scan at once (the input keeps focus); the colour stays about a second.
  hideTimer = setTimeout(hideAnswer, result === "accepted" ? 1000 : 1800);
}

function hideAnswer() {
  el.answer.classList.add("hidden");
}

function addRecent({ clientId, time, label, colour, name, offline, guest }) {
  const item = document.createElement("li");
  item.className = `scan-item colour-${colour}`;
  const parts = [["scan-time", time], ["scan-result", label], ["scan-guest", name || "—"]];
  for (const [cls, text] of parts) {
    const span = document.createElement("span");
    span.className = cls;
    span.textContent = text;
    item.append(span);
  }
  if (offline) {
    const note = document.createElement("span");
    note.className = "scan-meta";
    note.textContent = words.offline;
    item.append(note);
  }
  if (guest) item.append(...printLinks(guest));
  el.recent.prepend(item);
  while (el.recent.children.length > 8) el.recent.lastElementChild.remove();
  if (clientId) recentItems.set(clientId, item);
}

// "In thẻ" for a badge never printed, "In lại thẻ" once one was; [] without the badges page.
function printLinks(guest) {
  if (!config.urls.reprint || !guest || !guest.id) return [];
  const link = document.createElement("a");
  link.href = config.urls.reprint.replace("{id}", guest.id);
  link.className = "reprint";
  link.textContent = guest.badge_printed ? words.reprint : words.print;
  link.target = "_blank";
  return [link];
}

// A refusal (cancelled, wrong gate, revoked...) is no occasion to print a badge.
const PRINTABLE = new Set(["accepted", "already_checked_in"]);

function guestDetail(guest) {
  return guest ? [guest.category, guest.organization].filter(Boolean).join(" · ") : "";
}

function onServerAnswer(data, code) {
  showAnswer({
    result: data.result, colour: data.colour, label: data.label, name: data.guest && data.guest.name,
    detail: guestDetail(data.guest), message: data.message, attention: !!(data.guest && data.guest.attention),
  });
  addRecent({
    clientId: data.client_id, time: timeOf(new Date().toISOString()), label: data.label, colour: data.colour,
    name: data.guest && data.guest.name, guest: PRINTABLE.has(data.result) ? data.guest : null,
  });
  if (data.result === "accepted" && data.scan_id) {
    lastAccepted = { scanId: data.scan_id, code };
    el.undo.classList.remove("hidden");
    if (code) store.markAdmitted(code);
  }
}

function showLocal(local, clientId) {
  const unknown = local.result === "unknown";
  const label = unknown ? words.unknown : config.labels[local.result] || local.result;
  const colour = unknown ? "blue" : config.colours[local.result] || "red";
  let message = unknown ? words.unknown_message : words.offline_note;
  if (local.firstAt) message = `${fill(words.first_at, { time: timeOf(local.firstAt) })}. ${message}`;
  showAnswer({ result: local.result, colour, label, name: local.name, detail: local.category, message,
               attention: local.attention });
  addRecent({ clientId, time: timeOf(new Date().toISOString()), label, colour, name: local.name, offline: true });
}

function showError(message) {
  showAnswer({ result: "error", colour: "red", label: words.error, message });
}

// ----- scanning ---------------------------------------------------------------------------------

async function submitScan(code, extra = {}) {
  const clientId = newClientId();
  const scannedAt = new Date().toISOString();
  const body = { gate: config.gate, client_id: clientId, direction, ...extra };
  if (code !== null) body.code = code;
  if (navigator.onLine !== false) {
    try {
      const response = await call(config.urls.checkin, { method: "POST", body: JSON.stringify(body), timeout: 4000 });
      if (response.ok) {
        setOnline(true);
        onServerAnswer(await response.json(), code);
        sync();
        return;
      }
      if (response.status < 500) {
        setOnline(true);
        const data = await response.json().catch(() => ({}));
        showError(response.status === 401 ? words.login_again : data.error || words.error);
        return;
      }
    } catch (error) {
      // No answer: judged here and kept for later, below.
    }
  }
  setOnline(false);
  if (code === null) {
    showError(words.search_offline);
    return;
  }
  if (direction === "out") {
    // An exit changes nothing a badge list can judge: it is kept and recorded when online.
    store.enqueue({ ...body, code, scanned_at: scannedAt, local_result: "unknown" });
    updatePending();
    showAnswer({ result: "unknown", colour: "blue", label: words.direction_out, message: words.exit_pending });
    addRecent({ clientId, time: timeOf(scannedAt), label: words.direction_out, colour: "blue", offline: true });
    return;
  }
  const local = await store.judge(code);
  store.enqueue({ ...body, scanned_at: scannedAt, local_result: local.result });
  updatePending();
  showLocal(local, clientId);
}

async function sync() {
  if (syncing || !store.queue().length) return;
  syncing = true;
  try {
    const chunk = store.queue().slice(0, 200);
    const response = await call(config.urls.batch, { method: "POST", body: JSON.stringify({ scans: chunk }), timeout: 20000 });
    if (!response.ok) {
      if (response.status === 401) el.syncInfo.textContent = words.login_again;
      return;
    }
    const data = await response.json();
    setOnline(true);
    const settled = [];
    for (const answer of data.results) {
      if (!answer.client_id) continue;
      settled.push(answer.client_id);
      const item = recentItems.get(answer.client_id);
      if (item) {
        const note = document.createElement("span");
        note.className = `scan-meta synced colour-${answer.colour || "red"}`;
        note.textContent = `${words.after_sync}: ${answer.label || answer.error}`;
        item.append(note);
      }
    }
    store.settle(settled);
    el.syncInfo.textContent = fill(words.synced, { n: settled.length });
  } catch (error) {
    setOnline(false);
  } finally {
    syncing = false;
    updatePending();
  }
  if (store.queue().length && navigator.onLine !== false) setTimeout(sync, 200);
}

async function refreshList() {
  try {
    const response = await call(config.urls.offline, { timeout: 20000 });
    if (response.ok) {
      store.saveList(await response.json());
      store.forgetLocalAdmissions();
      setOnline(true);
    }
  } catch (error) {
    // Keep the list we have.
  }
  showListInfo();
}

// ----- the page ---------------------------------------------------------------------------------

function panelOpen() {
  return !el.searchPanel.classList.contains("hidden") || !el.walkinPanel.classList.contains("hidden");
}

function keepFocus() {
  if (!panelOpen()) el.input.focus();
}

// A code read by the camera or typed (a scanner is a keyboard): once per badge, see repeats.js.
function scanCode(code, { camera = false } = {}) {
  if (repeats.ignore(code, { camera })) return;
  lastRead = code;
  el.rescan.classList.remove("hidden");
  submitScan(code).finally(() => repeats.done(code));
}

el.form.addEventListener("submit", (event) => {
  event.preventDefault();
  unlockSound();
  const code = el.input.value.trim();
  el.input.value = "";
  if (code) scanCode(code);
});

el.rescan.addEventListener("click", () => {
  unlockSound();
  repeats.forget();
  if (lastRead) scanCode(lastRead);
  keepFocus();
});

el.input.addEventListener("blur", () => setTimeout(() => {
  const active = document.activeElement;
  if (!panelOpen() && (!active || !["INPUT", "SELECT", "TEXTAREA"].includes(active.tagName))) keepFocus();
}, 150));

el.answer.addEventListener("click", () => {
  hideAnswer();
  keepFocus();
});

const camera = new Camera($("camera-video"), $("camera-canvas"), (text) => scanCode(text, { camera: true }));

el.cameraToggle.addEventListener("click", async () => {
  unlockSound();
  if (camera.running) {
    camera.stop();
    el.cameraBox.classList.add("hidden");
    el.cameraToggle.textContent = words.camera_start;
  } else {
    el.cameraBox.classList.remove("hidden");
    try {
      el.cameraBox.dataset.decoder = await camera.start();
      el.cameraToggle.textContent = words.camera_stop;
    } catch (error) {
      el.cameraBox.classList.add("hidden");
      showError(words.camera_error);
    }
  }
  keepFocus();
});

el.direction.addEventListener("click", () => {
  direction = direction === "in" ? "out" : "in";
  el.direction.setAttribute("aria-pressed", String(direction === "out"));
  el.direction.textContent = direction === "out" ? words.direction_out : words.direction_in;
  document.body.classList.toggle("scanning-out", direction === "out");
  keepFocus();
});

el.undo.addEventListener("click", async () => {
  if (!lastAccepted) return;
  const { scanId, code } = lastAccepted;
  try {
    const response = await call(config.urls.undo.replace("{id}", scanId), { method: "POST", body: "{}" });
    const data = await response.json().catch(() => ({}));
    if (response.ok) {
      showAnswer({ result: "undone", colour: "amber", label: words.undone, message: "" });
      if (code) store.unmarkAdmitted(code);
      lastAccepted = null;
      el.undo.classList.add("hidden");
    } else {
      showError(data.error || words.error);
    }
  } catch (error) {
    showError(words.search_offline);
  }
  keepFocus();
});

setupPanels({ el, config, words, call, submitScan, onServerAnswer, printLinks, keepFocus, timeOf, fill,
              unlockSound, $ });

window.addEventListener("online", () => {
  setOnline(true);
  sync();
  refreshList();
});
window.addEventListener("offline", () => setOnline(false));
document.addEventListener("keydown", unlockSound, { once: true });
document.addEventListener("pointerdown", unlockSound, { once: true });

setOnline(navigator.onLine !== false);
updatePending();
showListInfo();
refreshList().then(sync);
setInterval(sync, 5000);
setInterval(refreshList, 120000);
keepFocus();
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register(config.urls.sw).catch(() => {});
}
document.body.dataset.scanReady = "1";
