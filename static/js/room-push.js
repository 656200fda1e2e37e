/* The room's push path (issue 20). The room element carries data-push-url, a server-sent event stream that says
   only "changed" (simulations/room/push.py). While the stream is open, the room's 1-second poll is skipped except
   one safety poll a minute; every "changed", and every (re)connection, makes the room fetch its state at once by
   the poll URL (the checked path). When the stream fails or is refused, the 1-second poll simply goes on, and
   the stream is tried again later. No inline script (CSP: script-src 'self'). */
(function () {
  "use strict";

  var SAFETY_POLL_MS = 60000;
  var source = null;
  var live = false;
  var failures = 0;
  var lastPoll = 0;
  var force = false;     // the next room request comes from a push: never skip it
  var inFlightAt = 0;    // when the room's request in flight left (0: none); its end may not reach us (below)
  var pending = false;   // a push arrived while a request was in flight: fetch again after it

  function room() { return document.getElementById("room"); }

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
    source = new EventSource(el.dataset.pushUrl);
    source.onopen = function () { live = true; failures = 0; fetchNow(); };  // catch up at once
    source.onmessage = function () { fetchNow(); };
    source.onerror = function () {
      live = false;  // polling every second resumes at once
      if (source && source.readyState === EventSource.CLOSED) {  // refused (404, 503): try again later
        source = null;
        failures += 1;
        setTimeout(connect, Math.min(60000, 2000 * Math.pow(2, Math.min(failures, 5))));
      }  // otherwise the browser reconnects by itself ("retry:" from the server)
    };
  }

  // A fetch made because of a push asks the server to read the shared state, not a per-process memo that may
  // be older than the change (p=1; simulations/views/room.py).
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt === room() && force) event.detail.parameters.p = "1";
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt !== room()) return;
    if (force) { force = false; }
    else if (live && Date.now() - lastPoll < SAFETY_POLL_MS) { event.preventDefault(); return; }
    lastPoll = Date.now();
    inFlightAt = lastPoll;
  });
  // The room's request has ended: after an outerHTML swap its element has left the page, so its own events no
  // longer reach the document; the new room's htmx:load says it instead.
  function requestEnded() {
    inFlightAt = 0;
    if (pending) { pending = false; setTimeout(fetchNow, 0); }
  }
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt && event.detail.elt.id === "room") requestEnded();
  });
  document.addEventListener("htmx:load", function (event) {
    if (event.target && event.target.id === "room") requestEnded();
  });
  // The round's end: whoever asks first makes the due transition (the lazy check), so the room asks then too
  // rather than waiting for the safety poll when the worker's timer is late.
  var roundEndTimer = null;
  function watchRoundEnd() {
    var el = room();
    var clock = el ? el.querySelector("[data-countdown-to]") : null;
    if (roundEndTimer) { clearTimeout(roundEndTimer); roundEndTimer = null; }
    if (!clock) return;
    var serverNow = Date.parse(clock.dataset.serverNow || new Date().toISOString());
    var ms = Date.parse(clock.dataset.countdownTo) - serverNow - (Date.now() - loadedAt(clock));
    if (ms >= 0 && ms < 86400000) roundEndTimer = setTimeout(function () { lastPoll = 0; }, ms + 300);
  }
  function loadedAt(clock) {
    if (!clock.dataset.pushSeenAt) clock.dataset.pushSeenAt = String(Date.now());
    return parseInt(clock.dataset.pushSeenAt, 10);
  }

  document.addEventListener("htmx:afterSwap", function () {
    var el = room();
    if (!el || !el.getAttribute("hx-get")) { close(); return; }  // the run is over: nothing more to hear
    watchRoundEnd();
  });
  document.addEventListener("DOMContentLoaded", function () { connect(); watchRoundEnd(); });
  window.AccordPush = { isLive: function () { return live; } };
})();
