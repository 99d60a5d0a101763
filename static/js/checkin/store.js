// What the scanning page keeps on the device (localStorage), per event and gate:
// - the judgement list downloaded from the server (badge code hashes -> what to answer),
// - the scans made while offline, waiting to be sent through the batch endpoint,
// - the badges this device admitted offline (so a second scan here says "already checked in").
import { sha256Hex } from "./sha256.js";

const CODE = /(?<![A-Z2-7])[A-Z2-7]{26}(?![A-Z2-7])/;

// The badge code in what the scanner read (same rule as eventapp.tokens.parse_code).
export function parseCode(text) {
  if (typeof text !== "string" || text.length > 2000) return null;
  const match = text.trim().toUpperCase().match(CODE);
  return match ? match[0] : null;
}

export function newClientId() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class Store {
  constructor(event, gate) {
    this.prefix = `checkin:${event}:${gate}:`;
    this.list = null;
    this.guests = new Map();
    this.revoked = new Set();
    this.hashLength = 32;
    this.loadList(this.read("list"));
  }

  read(name, fallback = null) {
    try {
      const raw = localStorage.getItem(this.prefix + name);
      return raw ? JSON.parse(raw) : fallback;
    } catch (error) {
      return fallback;
    }
  }

  write(name, value) {
    localStorage.setItem(this.prefix + name, JSON.stringify(value));
  }

  loadList(list) {
    if (!list || !Array.isArray(list.guests)) return;
    this.list = list;
    this.hashLength = (list.hash && list.hash.hex_length) || 32;
    this.guests = new Map(list.guests.map((row) => [row[0], row]));
    this.revoked = new Set(list.revoked || []);
  }

  saveList(list) {
    this.loadList(list);
    try {
      this.write("list", list);
    } catch (error) {
      // Storage full: the list stays in memory for this page.
    }
  }

  guestCount() {
    return this.guests.size;
  }

  // Judges a code without the server. Returns {result, name, category, attention, firstAt}; result
  // "unknown" when the code is not in the downloaded list (registered since, or forged).
  async judge(text) {
    const code = parseCode(text);
    if (!code) return { result: "invalid" };
    const hash = (await sha256Hex(code)).slice(0, this.hashLength);
    if (this.revoked.has(hash)) return { result: "revoked" };
    const row = this.guests.get(hash);
    if (!row) return { result: "unknown" };
    const [, name, category, status, attention, admittedAt] = row;
    if (status !== "ok") return { result: status, category };
    const local = this.read("admitted", {});
    const firstAt = admittedAt || local[hash];
    if (firstAt) return { result: "already_checked_in", name, category, attention: !!attention, firstAt };
    local[hash] = new Date().toISOString();
    this.write("admitted", local);
    return { result: "accepted", name, category, attention: !!attention };
  }

  // After the server admitted a badge online, the local list learns it too.
  async markAdmitted(text, at) {
    const code = parseCode(text);
    if (!code) return;
    const hash = (await sha256Hex(code)).slice(0, this.hashLength);
    const local = this.read("admitted", {});
    if (!local[hash]) {
      local[hash] = at || new Date().toISOString();
      this.write("admitted", local);
    }
  }

  async unmarkAdmitted(text) {
    const code = parseCode(text);
    if (!code) return;
    const hash = (await sha256Hex(code)).slice(0, this.hashLength);
    const local = this.read("admitted", {});
    delete local[hash];
    this.write("admitted", local);
  }

  // A fresh list from the server knows every admission already synced.
  forgetLocalAdmissions() {
    if (this.queue().length === 0) this.write("admitted", {});
  }

  queue() {
    return this.read("queue", []);
  }

  enqueue(scan) {
    const queue = this.queue();
    queue.push(scan);
    this.write("queue", queue);
    return queue.length;
  }

  // Removes the scans the server has answered (by client_id).
  settle(clientIds) {
    const done = new Set(clientIds);
    const queue = this.queue().filter((scan) => !done.has(scan.client_id));
    this.write("queue", queue);
    return queue.length;
  }
}
