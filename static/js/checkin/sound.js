// A distinct sound for each answer, made with the Web Audio API (no audio files).
let context = null;

function audio() {
  if (!context) {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    context = new Context();
  }
  if (context.state === "suspended") context.resume();
  return context;
}

// Browsers start audio only after a user gesture: call this from the first tap or key.
export function unlockSound() {
  audio();
}

function tone(ctx, frequency, start, duration, type = "sine", volume = 0.25) {
  const oscillator = ctx.createOscillator();
  const gain = ctx.createGain();
  oscillator.type = type;
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, ctx.currentTime + start);
  gain.gain.exponentialRampToValueAtTime(volume, ctx.currentTime + start + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + start + duration);
  oscillator.connect(gain).connect(ctx.destination);
  oscillator.start(ctx.currentTime + start);
  oscillator.stop(ctx.currentTime + start + duration + 0.02);
}

const PATTERNS = {
  // Rising two notes: welcome.
  accepted: [[880, 0, 0.12], [1320, 0.13, 0.18]],
  // Three rising notes: welcome, and meet this guest.
  attention: [[880, 0, 0.1], [1320, 0.11, 0.1], [1760, 0.22, 0.25]],
  // Two equal middle notes: already in.
  already_checked_in: [[660, 0, 0.14], [660, 0.2, 0.14]],
  // One soft note: judged later.
  unknown: [[520, 0, 0.3, "triangle"]],
  // A low buzz: refused.
  refused: [[196, 0, 0.45, "sawtooth", 0.2]],
  exited: [[1320, 0, 0.12], [880, 0.13, 0.16]],
};

export function playFor(result, attention = false) {
  const ctx = audio();
  if (!ctx) return;
  let name = result;
  if (result === "accepted" && attention) name = "attention";
  if (result === "not_inside") name = "already_checked_in";
  const pattern = PATTERNS[name] || PATTERNS.refused;
  for (const [frequency, start, duration, type, volume] of pattern) {
    tone(ctx, frequency, start, duration, type, volume);
  }
}
