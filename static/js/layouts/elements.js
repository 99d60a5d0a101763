/* What each kind of element looks like on the canvas, as close to the printed page as a browser
   draws it: text fitted like the PDF's, lines, images, a stand-in QR code. */
(function () {
  "use strict";
  var LD = window.LayoutDesigner;
  var Canvas = LD.Canvas;
  var PT = 25.4 / 72;  // mm in a typographic point
  var SVG = "http://www.w3.org/2000/svg";

  Canvas.prototype.colour = function (el) {
    var band = this.sample && this.sample.category_colour;
    if (el.contrast && band) { return readsOn(band); }
    if (el.category_colour && band) { return band; }
    return el.color || "#111827";
  };

  function readsOn(background) {  // black or white, whichever reads on the colour
    var c = parseInt(background.slice(1), 16);
    var channel = function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    var l = 0.2126 * channel((c >> 16) & 255) + 0.7152 * channel((c >> 8) & 255) + 0.0722 * channel(c & 255);
    return l > 0.179 ? "#000000" : "#ffffff";
  }

  Canvas.prototype.value = function (field) {
    if (this.sample) { return (this.sample.values || {})[field] || ""; }
    return "[" + this.describe.fieldLabel(field) + "]";
  };

  Canvas.prototype.drawLine = function (el, node) {
    var s = this.px;
    var at = LD.box(el);
    var content = node.firstChild;
    if (!content.querySelector("svg.ld-stroke")) { content.textContent = ""; }
    content.style.background = "";
    var svg = content.querySelector("svg") || content.appendChild(document.createElementNS(SVG, "svg"));
    var line = svg.querySelector("line") || svg.appendChild(document.createElementNS(SVG, "line"));
    content.style.left = content.style.top = "0px";
    content.style.width = node.style.width;
    content.style.height = node.style.height;
    content.style.transform = "";
    content.style.overflow = "visible";
    svg.setAttribute("class", "ld-stroke");
    svg.setAttribute("aria-hidden", "true");
    line.setAttribute("x1", (el.x_mm - at.left) * s);
    line.setAttribute("y1", (el.y_mm - at.top) * s);
    line.setAttribute("x2", (el.x_mm + el.w_mm - at.left) * s);
    line.setAttribute("y2", (el.y_mm + el.h_mm - at.top) * s);
    line.setAttribute("stroke", this.colour(el));
    line.setAttribute("stroke-width", Math.max(1, (el.line_width || 0.75) * PT * s));
  };

  Canvas.prototype.drawImage = function (el, content) {
    var source = el.data ? "data:" + (el.media_type || "image/png") + ";base64," + el.data :
      (el.field === "logo" || !el.field ? this.logo : null);
    if (source) {
      var img = document.createElement("img");
      img.alt = "";
      img.src = source;
      img.style.objectPosition = { left: "left center", right: "right center" }[el.align] || "center";
      content.appendChild(img);
    } else {
      content.textContent = el.field === "logo" || !el.field ? this.strings.logo : this.strings.image;
      content.classList.add("ld-placeholder");
    }
  };

  // As the PDF does: the font shrinks from font_size to min_font_size on one line, then wraps;
  // detail lines (position, organisation under a name) shrink with it.
  Canvas.prototype.drawText = function (el, content, colour) {
    var words = document.createElement("div");
    words.className = "ld-words";
    words.style.color = colour;
    words.style.textAlign = el.align || "center";
    content.style.alignItems = { top: "flex-start", bottom: "flex-end" }[el.valign] || "center";
    var main = document.createElement("div");
    main.textContent = el.type === "text" ? (el.text || "") : this.value(el.field);
    if (el.field === "marks" && this.sample) { this.drawMarks(main); }
    main.style.fontWeight = el.bold ? "700" : "400";
    words.appendChild(main);
    var self = this;
    var details = (el.details || []).map(function (field) {
      var line = document.createElement("div");
      line.className = "ld-detail";
      if (!el.contrast && !el.category_colour) { line.style.color = "#384152"; }
      line.textContent = self.value(field);
      if (line.textContent) { words.appendChild(line); }
      return line;
    });
    content.appendChild(words);
    var size = el.font_size || 12;
    var least = Math.min(size, el.min_font_size || size);
    var detail = el.detail_font_size || size / 2;
    var px = this.px * PT;
    function setSize(value) {
      main.style.fontSize = value * px + "px";
      details.forEach(function (line) { line.style.fontSize = detail * (value / (el.font_size || 12)) * px + "px"; });
    }
    function overflows() {
      return words.scrollWidth > content.clientWidth + 0.5 || words.scrollHeight > content.clientHeight + 0.5;
    }
    words.style.whiteSpace = "nowrap";
    setSize(size);
    while (size > least && overflows()) {
      size = Math.max(least, size - 0.5);
      setSize(size);
    }
    if (overflows()) { words.style.whiteSpace = "normal"; }
  };

  // The door's marks print as coloured pills ("Ưu tiên", "Nhận khen thưởng").
  Canvas.prototype.drawMarks = function (main) {
    var strings = this.strings;
    main.textContent = "";
    ((this.sample.values || {}).marks || []).forEach(function (mark) {
      var pill = document.createElement("span");
      pill.className = "ld-pill ld-pill-" + mark;
      pill.textContent = strings[mark] || mark;
      main.appendChild(pill);
    });
  };

  Canvas.prototype.qrMark = function (colour) {  // a stand-in: the real code differs per guest
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 21 21");
    svg.setAttribute("class", "ld-qr");
    svg.setAttribute("aria-hidden", "true");
    var cells = [[0, 0], [14, 0], [0, 14]];
    var d = cells.map(function (c) {
      return "M" + c[0] + " " + c[1] + "h7v7h-7z M" + (c[0] + 1) + " " + (c[1] + 1) + "v5h5v-5z M" + (c[0] + 2) + " " + (c[1] + 2) + "h3v3h-3z";
    }).join(" ") + " M9 2h2v2h-2z M9 9h3v3h-3z M15 10h2v2h-2z M10 15h2v4h-2z M15 15h4v2h-4z M2 9h2v2h-2z";
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", colour);
    path.setAttribute("fill-rule", "evenodd");
    svg.appendChild(path);
    return svg;
  };
})();
