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
        announceCountdown(el, ms);
        // The done text replaces the whole phrase that holds it ("closes in 2h" → "the deadline has passed").
        var phrase = el.closest("[data-done-text]");
        if (ms <= 0) { (phrase || el).textContent = phrase ? phrase.dataset.doneText : "closed"; return; }
        var s = Math.floor(ms / 1000);
        var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
        // Days, hours, minutes, seconds in the page's language ("{d}d {h}h {m}m {s}s" translated in the template).
        var days = (el.dataset.daysText || "{d}d {h}h {m}m {s}s")
          .replace("{d}", d).replace("{h}", h).replace("{m}", m).replace("{s}", sec);
        el.textContent = d > 0 ? days : (h > 0 ? h + "h " : "") + String(m).padStart(2, "0") + ":" + String(sec).padStart(2, "0");
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
        // The template's translated wording (data-words-text, "{words} / {limit} words") when it gives one.
        var text = out.dataset.wordsText || "{words} / {limit} words";
        out.textContent = text.replace("{words}", words).replace("{limit}", limit);
        out.classList.toggle("over-limit", words > limit);
      }
      ta.addEventListener("input", update);
      update();
    });
  }

  // --- Screen readers hear the clock at moments that matter, not every second --------------------------
  // The clock itself is not a live region. One polite region outside the parts htmx swaps says "5 minutes
  // left", "1 minute left" and "time is up" once each (texts from the clock's data- attributes, translated),
  // and the new round when the room moves on. Crossings are remembered per deadline, across swaps.
  var MOMENTS = [[300000, "fiveMinutesText"], [60000, "oneMinuteText"], [0, "doneText"]];
  var lastLeft = {};

  function announcer() {
    var region = document.getElementById("a11y-announcer");
    if (!region) {
      region = document.createElement("div");
      region.id = "a11y-announcer";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    return region;
  }

  function announce(text) {
    if (!text) return;
    var region = announcer();
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  }

  function announceCountdown(el, ms) {
    if (!el.dataset.fiveMinutesText && !el.dataset.oneMinuteText) return;  // only clocks that opted in
    var key = el.dataset.countdownTo;
    var before = lastLeft[key];
    lastLeft[key] = ms;
    if (before === undefined) return;  // just loaded or swapped in: nothing was crossed
    MOMENTS.forEach(function (moment) {
      if (before > moment[0] && ms <= moment[0]) announce(el.dataset[moment[1]]);
    });
  }

  var lastRound = null;
  function announceRound(root) {
    var room = root.id === "room" ? root : (root.querySelector ? root.querySelector("#room") : null);
    if (!room) return;
    var now = room.dataset.round + ":" + room.dataset.runState;
    if (lastRound !== null && lastRound !== now) {
      var parts = room.querySelectorAll(".room-round > .small.muted, #round-heading");
      announce(Array.prototype.map.call(parts, function (p) { return p.textContent.trim(); }).join(". "));
    }
    lastRound = now;
  }

  // --- Tables that scroll sideways: a keyboard can reach and scroll them --------------------------------
  // Only while they really overflow (a focus stop that scrolls nothing is noise). Named after the table's
  // caption or label, else the heading above it: texts the page already shows in its language.
  function regionName(wrap) {
    var table = wrap.querySelector("table");
    if (table) {
      if (table.caption && table.caption.textContent.trim()) return table.caption.textContent.trim();
      if (table.getAttribute("aria-label")) return table.getAttribute("aria-label");
    }
    if (wrap.getAttribute("aria-labelledby") || wrap.dataset.regionName) return wrap.dataset.regionName || null;
    for (var node = wrap; node && node !== document.body; node = node.parentElement) {
      for (var prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) return prev.textContent.trim();
        var inner = prev.querySelector && prev.querySelector("h1, h2, h3, h4");
        if (inner) return inner.textContent.trim();
      }
    }
    var h1 = document.querySelector("h1");
    return h1 ? h1.textContent.trim() : document.title;
  }

  function markScrollRegions() {
    document.querySelectorAll(".table-wrap, .message-list, [data-scroll-region]").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1 || wrap.scrollHeight > wrap.clientHeight + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var name = regionName(wrap);
        if (name && !wrap.hasAttribute("aria-labelledby")) wrap.setAttribute("aria-label", name);
        wrap.dataset.scrollRegion = "auto";
      } else if (!scrolls && wrap.dataset.scrollRegion === "auto") {
        ["tabindex", "role", "aria-label"].forEach(function (a) { wrap.removeAttribute(a); });
        delete wrap.dataset.scrollRegion;
      }
    });
  }

  // --- A form that came back with errors: a summary that is announced and links to each field ----------
  function fieldLabel(field) {
    var label = field.id ? document.querySelector('label[for="' + field.id + '"]') : null;
    if (!label) {
      var group = field.closest("fieldset");
      label = group ? group.querySelector("legend") : null;
    }
    return label ? label.textContent.replace(/\s+/g, " ").trim() : field.name;
  }

  function errorSummaries() {
    var title = document.body.dataset.errorSummaryTitle;
    document.querySelectorAll("form").forEach(function (form) {
      var invalid = form.querySelectorAll('[aria-invalid="true"]');
      if (!invalid.length || form.querySelector(".error-summary")) return;
      var box = document.createElement("div");
      box.className = "error-summary";
      box.setAttribute("role", "alert");
      box.setAttribute("tabindex", "-1");
      if (title) {
        var heading = document.createElement("h2");
        heading.textContent = title;
        box.appendChild(heading);
      }
      var list = document.createElement("ul");
      var seen = {};
      invalid.forEach(function (field) {
        if (seen[field.name]) return;
        seen[field.name] = true;
        var message = document.getElementById(field.id + "_error");
        var link = document.createElement("a");
        link.href = "#" + field.id;
        link.textContent = fieldLabel(field) + (message ? ": " + message.textContent.replace(/\s+/g, " ").trim() : "");
        link.addEventListener("click", function (evt) { evt.preventDefault(); field.focus(); });
        var item = document.createElement("li");
        item.appendChild(link);
        list.appendChild(item);
      });
      box.appendChild(list);
      form.insertBefore(box, form.firstChild);
      box.focus();
    });
  }

  // --- Right to left: arrows in the app's own words point the way the page reads ----------------------
  function markArrows(root) {
    if (document.documentElement.dir !== "rtl" || !root.querySelectorAll) return;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        if (!/[←→]/.test(node.nodeValue)) return NodeFilter.FILTER_REJECT;
        var parent = node.parentElement;
        if (!parent || parent.closest("script, textarea, bdi, [dir=auto], .dir-arrow")) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var parts = node.nodeValue.split(/([←→])/);
      var fragment = document.createDocumentFragment();
      parts.forEach(function (part) {
        if (part === "←" || part === "→") {
          var span = document.createElement("span");
          span.className = "dir-arrow";
          span.textContent = part;
          fragment.appendChild(span);
        } else if (part) {
          fragment.appendChild(document.createTextNode(part));
        }
      });
      node.parentNode.replaceChild(fragment, node);
    });
  }

  function init(root) { startCountdowns(root); startWordCounters(root); markArrows(root); markScrollRegions(); announceRound(root); }
  document.addEventListener("DOMContentLoaded", function () { init(document); errorSummaries(); });
  document.addEventListener("htmx:load", function (evt) { init(evt.target); });
  window.addEventListener("resize", markScrollRegions);
  window.Accord = { init: init };
})();
