// Watch a day: plays the places and counts that Python wrote into the page.
// Nothing is computed here but where each marker goes at the current minute.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cfl-replay-data").textContent);
  var root = document.querySelector(".cfl-replay");
  var playButton = root.querySelector(".cfl-play");
  var clock = root.querySelector(".cfl-clock");
  var hour = root.querySelector(".cfl-hour");
  var speed = root.querySelector(".cfl-speed");
  var speedText = root.querySelector(".cfl-speed-text");
  var scrub = root.querySelector(".cfl-time");
  // In a slide show the replay is compact, so that a slide holds it whole.
  var compact = false;
  // The frame's place in the slides' markup, not the Reveal object: a slow
  // machine may run this frame before the slides' own script has run.
  try {
    var host = window.frameElement;
    compact = Boolean(host && host.closest(".reveal")) ||
      (window.parent !== window && Boolean(window.parent.Reveal));
  } catch (e) {
    // another origin: the usual layout
  }
  if (compact) root.classList.add("cfl-compact");
  var steps = data.steps;
  var step = 0;
  var playing = false;
  var timer = null;

  // [step, value, step, value...] -> one value a step.
  function expand(changes, size, blank) {
    var out = new Array(size);
    var value = blank;
    var next = 0;
    for (var s = 0; s < size; s++) {
      while (next < changes.length && changes[next] <= s) {
        value = changes[next + 1];
        next += 2;
      }
      out[s] = value;
    }
    return out;
  }

  // Each visit's moves -> for each step, the visits in view and where.
  function byStep(moves, size) {
    var out = [];
    for (var s = 0; s < size; s++) out.push([]);
    moves.forEach(function (m, visit) {
      for (var k = 0; k < m.length; k += 4) {
        var until = k + 4 < m.length ? m[k + 4] : size;
        if (m[k + 3] < 0) continue;
        for (var s = m[k]; s < until && s < size; s++) {
          out[s].push([visit, m[k + 1], m[k + 2], m[k + 3]]);
        }
      }
    });
    return out;
  }

  var panels = data.panels.map(function (p, index) {
    var section = root.querySelector("[data-panel='" + index + "']");
    var div = section.querySelector(".cfl-plot");
    var counters = {};
    Object.keys(p.counters).forEach(function (name) {
      counters[name] = expand(p.counters[name], p.steps, "");
    });
    var fields = {};
    section.querySelectorAll("[data-counter]").forEach(function (el) {
      fields[el.getAttribute("data-counter")] = el;
    });
    var panel = {p: p, div: div, at: byStep(p.moves, p.steps), counters: counters,
                 fields: fields};
    start(panel);
    return panel;
  });

  function start(panel) {
    Plotly.newPlot(panel.div, panel.p.figure.data, panel.p.figure.layout, {
      displayModeBar: false,
      scrollZoom: false,
      doubleClick: false
    });
  }

  // Marker and desk sizes in pixels: as large as the plot's height allows.
  function sizes(panel) {
    var unit = Math.max(1, panel.div.clientHeight - data.margin) / data.height;
    var gap = panel.p.deskGap * unit;
    return {
      marker: Math.max(12, Math.min(panel.p.marker, Math.floor(gap * 0.6),
                                    Math.floor(unit * 1.5))),
      desk: Math.max(16, Math.min(panel.p.marker + 20, Math.floor(gap * 0.92)))
    };
  }

  function clockText(minute) {
    var m = Math.round(minute);
    var h = Math.floor(m / 60);
    var mm = m % 60;
    var total = Math.round(data.minutes);
    var th = Math.floor(total / 60);
    var tm = total % 60;
    return data.words.clock
      .replace("{time}", h + ":" + (mm < 10 ? "0" : "") + mm)
      .replace("{total}", th + ":" + (tm < 10 ? "0" : "") + tm);
  }

  function draw(panel, s) {
    var p = panel.p;
    s = Math.min(s, p.steps - 1);
    var here = panel.at[s];
    var px = sizes(panel);
    var size = px.marker;
    var x = [], y = [], colour = [], symbol = [], line = [], width = [], hover = [];
    var lx = [], ly = [], label = [];
    here.forEach(function (v) {
      var i = v[0];
      x.push(v[1]);
      y.push(v[2]);
      colour.push(data.colours[v[3]]);
      symbol.push(p.styles.symbol[i]);
      var ring = p.styles.ring[i] === 1;
      line.push(ring ? "#f2a900" : "#1b1b1b");
      width.push(ring ? 5 : 1.5);
      hover.push(p.styles.hover[i]);
      if (p.styles.label[i]) {  // a trace of its own: plotly skips empty labels badly
        lx.push(v[1]);
        ly.push(v[2]);
        label.push(p.styles.label[i]);
      }
    });
    var more = panel.counters.more[s];
    var customers = {
      type: "scatter", mode: "markers", x: x, y: y, hovertext: hover,
      hoverinfo: "text",
      marker: {size: size, color: colour, symbol: symbol,
               line: {color: line, width: width}}
    };
    var labels = {  // over invisible markers of the same size: the text clears them
      type: "scatter", mode: "markers+text", x: lx, y: ly, text: label,
      textposition: "top center", hoverinfo: "skip",
      marker: {size: size, opacity: 0},
      textfont: {size: 16, color: "#111111", weight: "bold"}
    };
    var extra = {
      type: "scatter", mode: "text",
      x: more ? [data.more[0]] : [], y: more ? [data.more[1]] : [],
      text: more ? [more] : [], hoverinfo: "skip",
      textfont: {size: 18, color: "#111111"}
    };
    var desks = Object.assign({}, p.figure.data[0]);
    desks.marker = Object.assign({}, desks.marker, {size: px.desk});
    Plotly.react(panel.div, [desks, customers, labels, extra], p.figure.layout);
    Object.keys(panel.fields).forEach(function (name) {
      panel.fields[name].textContent = panel.counters[name][s];
    });
  }

  function show(s) {
    step = Math.max(0, Math.min(steps - 1, s));
    panels.forEach(function (panel) { draw(panel, step); });
    clock.textContent = clockText(Math.min(step, data.minutes));
    scrub.value = String(step);
    root.setAttribute("data-step", String(step));
  }

  function secondsPerMinute() {
    return parseFloat(speed.value);
  }

  function showSpeed() {
    speedText.textContent = data.words.speed.replace(
      "{seconds}", secondsPerMinute().toFixed(1).replace(".", data.words.decimal));
  }

  function tick() {
    timer = null;
    if (!playing) return;
    if (step >= steps - 1) {
      pause();
      return;
    }
    show(step + 1);
    timer = setTimeout(tick, secondsPerMinute() * 1000);
  }

  function play() {
    if (step >= steps - 1) show(0);
    playing = true;
    playButton.textContent = data.words.pause;
    if (timer === null) timer = setTimeout(tick, secondsPerMinute() * 1000);
  }

  function pause() {
    playing = false;
    playButton.textContent = data.words.play;
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  }

  playButton.addEventListener("click", function () {
    if (playing) pause(); else play();
  });
  hour.addEventListener("change", function () {
    show(parseInt(hour.value, 10));
    hour.selectedIndex = 0;  // the same hour can be chosen again
  });
  scrub.addEventListener("input", function () { show(parseInt(scrub.value, 10)); });
  speed.addEventListener("input", showSpeed);

  // Shown in a frame of a page from the same place (the lab, a notebook):
  // make the frame as tall as the replay, so nothing is cut off.
  function fitFrame() {
    try {
      var frame = window.frameElement;
      // The replay's own height (not the page's, which is at least the frame's).
      var wanted = Math.ceil(root.getBoundingClientRect().height) + 24;
      if (frame && Math.abs(frame.offsetHeight - wanted) > 2) {
        frame.style.height = wanted + "px";
      }
    } catch (e) {
      // another origin: the frame keeps the height it was given
    }
  }
  // A frame shown late (a slide, a closed panel) was drawn without a size:
  // draw again, from scratch, when its size changes or it comes into view.
  var redrawing = null;
  function redraw() {
    if (redrawing !== null) clearTimeout(redrawing);
    redrawing = setTimeout(function () {
      redrawing = null;
      panels.forEach(function (panel) {
        Plotly.purge(panel.div);
        start(panel);
        draw(panel, step);
      });
      fitFrame();
    }, 150);
  }
  window.addEventListener("resize", redraw);
  if (window.IntersectionObserver) {
    new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) redraw();
    }).observe(root);
  }

  showSpeed();
  show(0);
  fitFrame();
})();
