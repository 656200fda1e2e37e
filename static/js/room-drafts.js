/* The room keeps what a participant types (issue 12). The room is re-rendered by htmx polling; a form whose id
   changes (a pause, a resume, a new round, a partner's save) is replaced, so drafts live in sessionStorage,
   keyed by run, delegation, role and field, and are put back after every swap. A draft typed against an older
   version of a shared text keeps that version's number, so saving it is refused with the partner's text
   shown instead of silently replacing it. No inline script (CSP: script-src 'self'). */
(function () {
  "use strict";

  function scope() {
    var room = document.getElementById("room");
    return room ? room.getAttribute("data-draft-scope") : null;
  }
  function key(field) { return "accord-draft:" + scope() + ":" + field; }
  function read(field) {
    try { return JSON.parse(window.sessionStorage.getItem(key(field)) || "null"); } catch (e) { return null; }
  }
  function write(field, draft) {
    try { window.sessionStorage.setItem(key(field), JSON.stringify(draft)); } catch (e) { /* storage full or off */ }
  }
  function forget(field) {
    try { window.sessionStorage.removeItem(key(field)); } catch (e) { /* storage off */ }
  }
  function baseInput(textarea) {
    return textarea.form ? textarea.form.querySelector("[data-draft-base]") : null;
  }

  document.addEventListener("input", function (event) {
    var el = event.target;
    if (!scope() || !el.matches || !el.matches("#room textarea[data-draft]")) return;
    var base = baseInput(el);
    var previous = read(el.getAttribute("data-draft"));
    write(el.getAttribute("data-draft"), {
      text: el.value,
      // the version the writer started from, kept until the draft is sent (null: the version on the page)
      base: previous && !previous.sent && previous.base !== undefined ? previous.base : (base ? base.value : null),
      sent: false
    });
  });

  // Sent (by htmx or a plain post): based on the version the writer started from, so a partner's newer save is
  // never overwritten unseen. The draft is dropped once the post is accepted (see htmx:afterRequest, load).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.querySelectorAll) return;
    form.querySelectorAll("textarea[data-draft]").forEach(function (t) {
      var draft = read(t.getAttribute("data-draft"));
      if (!draft) return;
      var base = baseInput(t);
      if (base && draft.base !== null && draft.base !== undefined) base.value = draft.base;
      draft.sent = true;
      write(t.getAttribute("data-draft"), draft);
    });
  }, true);

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    if (!form || !event.detail.xhr) return;
    var refused = event.detail.xhr.getResponseHeader("X-Accord-Refused");
    form.querySelectorAll("textarea[data-draft]").forEach(function (t) {
      var field = t.getAttribute("data-draft");
      var draft = read(field);
      if (!draft || !draft.sent) return;
      if (refused) {
        draft.sent = false;
        draft.base = null; // the refusal showed the newer text: saving again is a choice made knowingly
        write(field, draft);
      } else {
        forget(field);
      }
    });
  });

  function restore() {
    if (!scope()) return;
    document.querySelectorAll("#room [data-draft-base]").forEach(function (base) { base.value = base.getAttribute("data-draft-base"); }); // hidden inputs have no separate default
    document.querySelectorAll("#room textarea[data-draft]").forEach(function (textarea) {
      var field = textarea.getAttribute("data-draft");
      var draft = read(field);
      if (!draft || draft.sent) return;
      if (!draft.text.trim() || draft.text === textarea.value) {
        if (!draft.text.trim()) forget(field);
        return;
      }
      textarea.value = draft.text;
      var base = baseInput(textarea);
      var note = textarea.parentNode.querySelector(".draft-note");
      if (base && draft.base !== null && base.value !== draft.base) {
        if (!note) {
          note = document.createElement("p");
          note.className = "small draft-note";
          note.setAttribute("role", "status");
          textarea.parentNode.insertBefore(note, textarea);
        }
        // the words come translated from the template (data-stale-note), like every other text of the room
        note.textContent = textarea.getAttribute("data-stale-note") || "";
      }
    });
  }

  // A swap must not take the caret away from the field being typed in.
  var focused = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var el = document.activeElement;
    focused = el && el.matches && el.matches("#room textarea[data-draft]")
      ? { field: el.getAttribute("data-draft"), start: el.selectionStart, end: el.selectionEnd } : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    restore();
    if (!focused) return;
    var el = document.querySelector('#room textarea[data-draft="' + focused.field + '"]');
    if (el && document.activeElement !== el && !el.disabled) {
      el.focus();
      try { el.setSelectionRange(focused.start, focused.end); } catch (e) { /* not a text field */ }
    }
    focused = null;
  });
  document.addEventListener("DOMContentLoaded", function () {
    // back from a plain post: the server saved the text or showed it again with the reason
    document.querySelectorAll("#room textarea[data-draft]").forEach(function (t) {
      var draft = read(t.getAttribute("data-draft"));
      if (draft && draft.sent) forget(t.getAttribute("data-draft"));
    });
    restore();
  });
})();
