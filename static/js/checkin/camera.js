// Camera scanning: the BarcodeDetector API where the browser has it, otherwise the vendored jsQR
// decoder (static/vendor/jsqr) on frames drawn to a canvas.
const FRAME_MS = 150;
const MAX_WIDTH = 640;

export class Camera {
  constructor(video, canvas, onCode) {
    this.video = video;
    this.canvas = canvas;
    this.onCode = onCode;
    this.stream = null;
    this.timer = null;
    this.detector = null;
    this.busy = false;
  }

  async start() {
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) this.detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      } catch (error) {
        this.detector = null;
      }
    }
    this.stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
    this.video.srcObject = this.stream;
    await this.video.play();
    this.timer = setInterval(() => this.tick(), FRAME_MS);
    return this.detector ? "BarcodeDetector" : "jsQR";
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    if (this.stream) this.stream.getTracks().forEach((track) => track.stop());
    this.stream = null;
    this.video.srcObject = null;
  }

  get running() {
    return this.stream !== null;
  }

  async tick() {
    if (this.busy || !this.video.videoWidth) return;
    this.busy = true;
    try {
      const text = this.detector ? await this.detectNative() : this.detectJs();
      if (text) this.onCode(text);
    } catch (error) {
      // A frame that cannot be read: try the next one.
    } finally {
      this.busy = false;
    }
  }

  async detectNative() {
    const codes = await this.detector.detect(this.video);
    return codes.length ? codes[0].rawValue : null;
  }

  detectJs() {
    if (typeof window.jsQR !== "function") return null;
    const scale = Math.min(1, MAX_WIDTH / this.video.videoWidth);
    const width = Math.round(this.video.videoWidth * scale);
    const height = Math.round(this.video.videoHeight * scale);
    this.canvas.width = width;
    this.canvas.height = height;
    const ctx = this.canvas.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(this.video, 0, 0, width, height);
    const image = ctx.getImageData(0, 0, width, height);
    const found = window.jsQR(image.data, width, height, { inversionAttempts: "dontInvert" });
    return found ? found.data : null;
  }
}
