/* Accord's small progressive enhancements. No inline scripts anywhere (CSP: script-src 'self'). */
(function () {
  "use strict";

  // Countdowns: <time data-countdown-to="ISO" data-server-now="ISO">. The offset between the server's
  // clock and this device's is measured once, so a wrong device clock does not change the result.
  function startCountdowns(root) {
    root.querySelectorAll("[data-countdown-to]").forEach(function (el) {
      if (el.dataset.countdownStarted) return;
      el.dataset.countdownStarted = "1";
      var target = Date.parse(el.dataset.countdownTo);
      var serverNow = Date.parse(el.dataset.serverNow || new Date().toISOString());
      var skew = serverNow - Date.now();
      function tick() {
        var ms = target - (Date.now() + skew);
        if (ms <= 0) { el.textContent = el.dataset.doneText || "closed"; return; }
        var s = Math.floor(ms / 1000);
        var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
        el.textContent = d > 0 ? d + "d " + h + "h " + m + "m " + sec + "s" : (h > 0 ? h + "h " : "") + String(m).padStart(2, "0") + ":" + String(sec).padStart(2, "0");
        setTimeout(tick, (ms % 1000) + 5);
      }
      tick();
    });
  }

  // Word counters: <textarea data-word-limit="300" aria-describedby="x-count"> + <span id="x-count">.
  function startWordCounters(root) {
    root.querySelectorAll("textarea[data-word-limit]").forEach(function (ta) {
      if (ta.dataset.counterStarted) return;
      ta.dataset.counterStarted = "1";
      var limit = parseInt(ta.dataset.wordLimit, 10);
      var out = document.getElementById(ta.id + "-count");
      if (!out) return;
      function update() {
        var words = ta.value.trim() ? ta.value.trim().split(/\s+/).length : 0;
        out.textContent = words + " / " + limit + " words";
        out.classList.toggle("over-limit", words > limit);
      }
      ta.addEventListener("input", update);
      update();
    });
  }

  function init(root) { startCountdowns(root); startWordCounters(root); }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (evt) { init(evt.target); });
  window.Accord = { init: init };
})();
