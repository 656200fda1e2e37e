/* Programme editor: drag a session card to another time or room, and keep the edited card in view.

   Dragging (HTML5 drag and drop, pointer only) fills the card's own "Move or resize" form (day, start, room)
   and submits it, so the move goes through the same endpoint, checks and htmx swap as typing it in. The
   buttons on each card (↑ ↓ 15′, ← Room →) and that form are the keyboard and single-pointer alternative
   (WCAG 2.2, 2.5.7); without JavaScript they post and redirect back to the card (#session-N).

   After any swap, focus returns to the same button of the same card (or to the card after a drag), which
   scrolls it into view instead of leaving the reader at the top of a re-rendered day. */
(function () {
  "use strict";

  var SLOT_MINUTES = 15;
  var dragged = null; // {card, offsetY}
  var restore = null; // {session, action}

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function gridOf(el) { return el && el.closest ? el.closest("[data-day-grid].time-grid") : null; }

  function roomAt(grid, x) {
    var heads = grid.querySelectorAll(".room-name[data-room-name]");
    for (var i = 0; i < heads.length; i++) {
      var r = heads[i].getBoundingClientRect();
      if (x >= r.left && x <= r.right) return heads[i];
    }
    return null;
  }

  /* The wall-clock start under y: hour labels mark the top of each hour; quarters are interpolated. */
  function timeAt(grid, y) {
    var hours = grid.querySelectorAll(".grid-hour");
    if (!hours.length) return null;
    var found = null, nextTop = grid.getBoundingClientRect().bottom;
    for (var i = 0; i < hours.length; i++) {
      var top = hours[i].getBoundingClientRect().top;
      if (top <= y) {
        found = hours[i];
        nextTop = i + 1 < hours.length ? hours[i + 1].getBoundingClientRect().top : grid.getBoundingClientRect().bottom;
      }
    }
    if (!found) found = hours[0];
    var hour = parseInt(found.textContent, 10);
    var topOf = found.getBoundingClientRect().top;
    var fraction = Math.max(0, Math.min(0.999, (y - topOf) / Math.max(1, nextTop - topOf)));
    var minutes = hour * 60 + Math.floor(fraction * 60 / SLOT_MINUTES) * SLOT_MINUTES;
    return pad(Math.floor(minutes / 60) % 24) + ":" + pad(minutes % 60);
  }

  function target(grid, evt) {
    var head = roomAt(grid, evt.clientX);
    var time = timeAt(grid, evt.clientY - (dragged ? dragged.offsetY : 0));
    if (!head || !time) return null;
    return { room: head.dataset.room, roomName: head.dataset.roomName, time: time };
  }

  function say(grid, text) {
    var body = grid.closest("#editor-body") || document;
    var status = body.querySelector("[data-drop-status]");
    if (status) status.textContent = text;
  }

  function enable(root) {
    var scope = root.querySelectorAll ? root : document;
    scope.querySelectorAll("[data-day-grid].time-grid .session-card[data-session]").forEach(function (card) {
      if (card.querySelector("form[data-move-form]")) card.setAttribute("draggable", "true");
    });
  }

  document.addEventListener("dragstart", function (evt) {
    var card = evt.target.closest && evt.target.closest(".session-card[draggable=true]");
    if (!card) return;
    dragged = { card: card, offsetY: Math.max(0, evt.clientY - card.getBoundingClientRect().top) };
    evt.dataTransfer.effectAllowed = "move";
    evt.dataTransfer.setData("text/plain", card.dataset.session);
    card.classList.add("dragging");
  });

  document.addEventListener("dragover", function (evt) {
    var grid = dragged && gridOf(evt.target);
    if (!grid) return;
    evt.preventDefault();
    evt.dataTransfer.dropEffect = "move";
    var where = target(grid, evt);
    grid.classList.add("drop-active");
    if (where) say(grid, phrase(grid, "sayDrop", where));
  });

  // The sentences come translated from the template (data-say-drop, data-say-moving), with {time} and {room}.
  function phrase(grid, key, where) {
    return (grid.dataset[key] || "{time}, {room}").replace("{time}", where.time).replace("{room}", where.roomName);
  }

  document.addEventListener("dragend", function () {
    if (dragged) dragged.card.classList.remove("dragging");
    document.querySelectorAll(".drop-active").forEach(function (g) { g.classList.remove("drop-active"); });
    dragged = null;
  });

  document.addEventListener("drop", function (evt) {
    var grid = dragged && gridOf(evt.target);
    if (!grid) return;
    evt.preventDefault();
    var where = target(grid, evt);
    var card = dragged.card;
    var form = card.querySelector("form[data-move-form]");
    if (!where || !form) return;
    form.querySelector("[name=day]").value = grid.dataset.day;
    form.querySelector("[name=start_time]").value = where.time;
    form.querySelector("[name=length_minutes]").value = "";
    form.querySelector("[name=room]").value = where.room;
    restore = { session: card.dataset.session, action: "" };
    say(grid, phrase(grid, "sayMoving", where));
    form.requestSubmit();
  });

  document.addEventListener("htmx:beforeRequest", function (evt) {
    var from = evt.detail && evt.detail.elt;
    var card = from && from.closest && from.closest("[data-session]");
    if (!card) return;
    var button = from.querySelector ? from.querySelector("[data-keep-focus]") : null;
    if (!restore || restore.session !== card.dataset.session) {
      restore = { session: card.dataset.session, action: button ? button.dataset.keepFocus : "" };
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!restore) return;
    var card = document.getElementById("session-" + restore.session);
    var button = card && restore.action ? card.querySelector('[data-keep-focus="' + restore.action + '"]') : null;
    restore = null;
    if (!card) return;
    (button || card).focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest", inline: "nearest" });
  });

  document.addEventListener("DOMContentLoaded", function () { enable(document); });
  document.addEventListener("htmx:load", function (evt) { enable(evt.target); });
})();
