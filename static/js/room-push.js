/* The room's pace (issues 20 and 21). The room element polls by its own trigger every second; this script
   decides which of those ticks really asks the server, and asks at once when something says "changed".

   - The push path: the room element carries data-push-url, a server-sent event stream that says only "changed"
     (simulations/room/push.py). While the stream is open, the poll is skipped except one safety poll a minute;
     every "changed", and every (re)connection, makes the room fetch its state at once by the poll URL (the
     checked path). When the stream fails or is refused, polling simply goes on, and the stream is tried again.
   - Low data (the bar above the room, simulations/templates/simulations/_room_data.html: data-low-data="on"
     when the participant chose it or the browser sent Save-Data: on): without the stream, a poll every 8 s,
     every 2 s in the last minute of a round; with it, a safety poll every 2 minutes. The stream is kept in
     low-data mode because it costs less than polling (docs/performance.md, "Low-data room"). The bar shows
     "Updated N s ago" and a Refresh link that fetches at once.
   - A hidden tab polls once a minute at most (and in low-data mode drops its stream); shown again, it fetches at
     once. Every fetch goes by the poll URL with the stamp the room shows, so whatever it missed meanwhile (a
     round transition or several) arrives with the next answer.
   - The poll's request carries none of htmx's headers the server does not read (HX-Current-URL, HX-Target,
     HX-Trigger, the CSRF header of a GET): every byte of an idle seat's request is paid for every few seconds.
   No inline script (CSP: script-src 'self'). */
(function () {
  "use strict";

  var SAFETY_POLL_MS = 60000;
  var LOW_SAFETY_POLL_MS = 120000;
  var LOW_POLL_MS = 8000;
  var LOW_LAST_MINUTE_POLL_MS = 2000;
  var HIDDEN_POLL_MS = 60000;
  var UNREAD_HEADERS = ["HX-Current-URL", "HX-Target", "HX-Trigger", "HX-Trigger-Name", "X-CSRFToken"];
  var source = null;
  var live = false;
  var failures = 0;
  var lastPoll = Date.now();  // the page itself was just served
  var lastContact = lastPoll;  // the last answer from the server ("Updated N s ago")
  var force = false;     // the next room request comes from a push or a catch-up: never skip it
  var inFlightAt = 0;    // when the room's request in flight left (0: none); its end may not reach us (below)
  var pending = false;   // a push arrived while a request was in flight: fetch again after it

  function room() { return document.getElementById("room"); }
  function bar() { return document.getElementById("room-data"); }
  function polling() { var el = room(); return !!(el && el.getAttribute("hx-get")); }
  function lowData() { var b = bar(); return !!b && b.dataset.lowData === "on"; }

  function fetchNow() {
    var el = room();
    if (!el || !window.htmx || !el.getAttribute("hx-get")) return;
    if (inFlightAt && Date.now() - inFlightAt < 5000) { pending = true; return; }
    force = true;
    window.htmx.trigger(el, "accord:changed");
  }

  function close() {
    if (source) { source.close(); source = null; }
    live = false;
  }

  function connect() {
    var el = room();
    if (source || !el || !el.dataset.pushUrl || !window.EventSource || !el.getAttribute("hx-get")) return;
    if (document.hidden && lowData()) return;  // a hidden low-data tab holds no stream (its keep-alives cost)
    source = new EventSource(el.dataset.pushUrl);
    source.onopen = function () { live = true; failures = 0; fetchNow(); };  // catch up at once
    source.onmessage = function () { fetchNow(); };
    source.onerror = function () {
      live = false;  // polling resumes at once
      if (source && source.readyState === EventSource.CLOSED) {  // refused (404, 503): try again later
        source = null;
        failures += 1;
        setTimeout(connect, Math.min(60000, 2000 * Math.pow(2, Math.min(failures, 5))));
      }  // otherwise the browser reconnects by itself ("retry:" from the server)
    };
  }

  // How long the room waits between polls now (0: every tick of its own 1-second trigger).
  function pollEveryMs() {
    var every = 0;
    if (live) {
      every = lowData() ? LOW_SAFETY_POLL_MS : SAFETY_POLL_MS;
    } else if (lowData()) {
      var left = msToRoundEnd();
      every = left !== null && left < 60000 ? LOW_LAST_MINUTE_POLL_MS : LOW_POLL_MS;
    }
    if (document.hidden) every = Math.max(every, HIDDEN_POLL_MS);
    return every;
  }

  // A fetch made because of a push or a catch-up asks the server to read the shared state, not a per-process
  // memo that may be older than the change (p=1; simulations/views/room.py).
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt !== room()) return;
    if (force) event.detail.parameters.p = "1";
    if (event.detail.verb === "get") {
      UNREAD_HEADERS.forEach(function (name) { delete event.detail.headers[name]; });
    }
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt !== room()) return;
    if (force) { force = false; }
    else if (Date.now() - lastPoll < pollEveryMs()) { event.preventDefault(); return; }
    lastPoll = Date.now();
    inFlightAt = lastPoll;
  });
  // The room's request has ended: after an outerHTML swap its element has left the page, so its own events no
  // longer reach the document; the new room's htmx:load says it instead.
  function requestEnded(answered) {
    inFlightAt = 0;
    if (answered) { lastContact = Date.now(); showUpdated(); }
    if (pending) { pending = false; setTimeout(fetchNow, 0); }
  }
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.id === "room") requestEnded(event.detail.successful);
    else if (elt && elt.classList && elt.classList.contains("low-data-form") && event.detail.successful) {
      lowDataChosen(elt);
    }
  });
  document.addEventListener("htmx:load", function (event) {
    if (event.target && event.target.id === "room") requestEnded(true);
  });

  // The round's end: whoever asks first makes the due transition (the lazy check), so the room asks then too
  // rather than waiting for its next poll when the worker's timer is late.
  var roundEndTimer = null;
  function msToRoundEnd() {
    var el = room();
    var clock = el ? el.querySelector("[data-countdown-to]") : null;
    if (!clock) return null;
    var serverNow = Date.parse(clock.dataset.serverNow || new Date().toISOString());
    return Date.parse(clock.dataset.countdownTo) - serverNow - (Date.now() - loadedAt(clock));
  }
  function watchRoundEnd() {
    if (roundEndTimer) { clearTimeout(roundEndTimer); roundEndTimer = null; }
    var ms = msToRoundEnd();
    if (ms !== null && ms >= 0 && ms < 86400000) roundEndTimer = setTimeout(function () { lastPoll = 0; }, ms + 300);
  }
  function loadedAt(clock) {
    if (!clock.dataset.pushSeenAt) clock.dataset.pushSeenAt = String(Date.now());
    return parseInt(clock.dataset.pushSeenAt, 10);
  }

  // The low-data bar: "Updated N s ago" (low-data mode only), Refresh, and the mode's two forms (htmx posts them;
  // without JavaScript they post and come back to the room).
  function showUpdated() {
    var b = bar();
    if (!b) return;
    if (!polling()) { b.hidden = true; return; }  // the run is over: nothing more to fetch
    var line = b.querySelector(".room-updated");
    var text = b.querySelector(".room-updated-text");
    if (!line || !text) return;
    line.hidden = !lowData();
    if (line.hidden) return;
    var seconds = Math.max(0, Math.floor((Date.now() - lastContact) / 1000));
    var wording = (b.dataset.updatedText || "").replace("%(seconds)s", String(seconds));
    if (text.textContent !== wording) text.textContent = wording;
  }
  function lowDataChosen(form) {
    var b = bar();
    var chosen = form.elements.low_data ? form.elements.low_data.value : "";
    if (!b || (chosen !== "on" && chosen !== "off")) return;
    b.dataset.lowData = chosen;
    if (chosen === "off" && document.hidden === false) lastPoll = 0;
    showUpdated();
    // The form just used is hidden now: keep the keyboard's place on the one that replaced it.
    var other = b.querySelector(chosen === "on" ? ".low-data-off-form button" : ".low-data-on-form button");
    if (other) other.focus();
  }
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest(".room-refresh") : null;
    if (!link || !polling() || !window.htmx) return;  // no room to refresh here: the link reloads the page
    event.preventDefault();
    fetchNow();
  });

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      if (lowData()) close();
      return;
    }
    fetchNow();  // catch up at once with whatever happened while hidden
    connect();
  });
  document.addEventListener("htmx:afterSwap", function () {
    if (!polling()) { close(); showUpdated(); return; }  // the run is over: nothing more to hear
    watchRoundEnd();
  });
  document.addEventListener("DOMContentLoaded", function () {
    connect();
    watchRoundEnd();
    showUpdated();
    setInterval(showUpdated, 1000);
  });
  window.AccordPush = {
    isLive: function () { return live; },
    pollEveryMs: pollEveryMs,
    lastPollAt: function () { return lastPoll; }
  };
})();
