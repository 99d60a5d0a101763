// One verdict per badge held at the door. A camera reads the QR of a badge left in view several
// times a second, and a keyboard-wedge scanner may send the code twice: both would ask the server
// again and flip a green "Mời vào" to an amber "Đã check-in" for the same guest, logging a duplicate.
// - A code read again while its request is under way or its verdict still shows is ignored.
// - The camera's badge must also leave the view (no read for LEAVE_MS) before it counts again, so a
//   badge held still in front of the camera is one scan however long it stays.
// - A deliberate rescan (the "Quét lại" button) forgets the held code.
import { parseCode } from "./store.js";

const LEAVE_MS = 1000; // the camera reads about 7 frames a second: a second without one = gone
const SHORT = /^[2-9A-HJ-NP-Z]{10}$/;

// The same badge, however it was read: the QR's code, or the short code typed with or without dashes.
export function scanKey(text) {
  const code = parseCode(text);
  if (code) return code;
  const letters = String(text).replace(/[\s\-._·]+/g, "").toUpperCase();
  return SHORT.test(letters) ? `short:${letters}` : letters;
}

export class Repeats {
  constructor(verdictShowing) {
    this.verdictShowing = verdictShowing; // () => bool: the full-screen verdict is on screen
    this.held = null; // {key, busy}
    this.inView = { key: null, seen: 0 };
    this.ignored = 0;
  }

  // True when this read is the badge already answered; false: scan it (and hold it).
  ignore(text, { camera = false, now = Date.now() } = {}) {
    const key = scanKey(text);
    if (camera) {
      const stillInView = key === this.inView.key && now - this.inView.seen < LEAVE_MS;
      this.inView = { key, seen: now };
      if (stillInView) return this.skip();
    }
    if (this.held && this.held.key === key && (this.held.busy || this.verdictShowing())) return this.skip();
    this.held = { key, busy: true };
    return false;
  }

  skip() {
    this.ignored += 1;
    document.body.dataset.ignoredReads = String(this.ignored);
    return true;
  }

  // The request of the held code has been answered (its verdict now shows).
  done(text) {
    if (this.held && this.held.key === scanKey(text)) this.held.busy = false;
  }

  // A deliberate rescan: the next read of any code counts. The camera's badge counts as seen now,
  // so that the caller's own resend is not doubled by the next frame.
  forget(now = Date.now()) {
    this.held = null;
    this.inView.seen = now;
  }
}
