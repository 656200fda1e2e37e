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
      // the version the writer started from: kept from the first keystroke until the draft is sent
      base: previous && previous.base !== undefined ? previous.base : (base ? base.value : null)
    });
  });

  // Sent (by htmx or a plain post): the server answers with the saved state, or the error and the text.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.querySelectorAll) return;
    form.querySelectorAll("textarea[data-draft]").forEach(function (t) { forget(t.getAttribute("data-draft")); });
  }, true);

  function restore() {
    if (!scope()) return;
    document.querySelectorAll("#room textarea[data-draft]").forEach(function (textarea) {
      var field = textarea.getAttribute("data-draft");
      var draft = read(field);
      if (!draft) return;
      if (draft.text === textarea.value || !draft.text.trim()) {
        if (draft.text === textarea.defaultValue || !draft.text.trim()) forget(field);
        return;
      }
      textarea.value = draft.text;
      var base = baseInput(textarea);
      if (base && draft.base !== null && base.value !== draft.base) {
        base.value = draft.base; // saving now is refused and shows the newer text, never overwrites it
        var note = textarea.parentNode.querySelector(".draft-note");
        if (!note) {
          note = document.createElement("p");
          note.className = "small draft-note";
          note.setAttribute("role", "status");
          textarea.parentNode.insertBefore(note, textarea);
        }
        note.textContent = "Someone in your delegation saved a newer version (shown above). Your unsaved text is kept here.";
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
  document.addEventListener("DOMContentLoaded", restore);
})();
