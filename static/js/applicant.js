/* Applicant journey: ask before irreversible actions (forms with data-confirm). No inline scripts (CSP). */
(function () {
  "use strict";
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    var question = form && form.getAttribute ? form.getAttribute("data-confirm") : null;
    if (question && !window.confirm(question)) { evt.preventDefault(); }
  }, true);
})();

/* Conditional questions: an input with data-show-if="q12" data-show-value="yes" is shown only while the
   question q12 of the same form has that answer. Without this script every question shows, with its condition
   written in its help text. Hidden questions keep what was typed (nothing is lost if the answer changes back). */
(function () {
  "use strict";
  function answersOf(form, name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      values.push(el.value);
    });
    return values;
  }
  function update(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (el) {
      var field = el.closest(".field");
      if (!field) return;
      var shown = answersOf(form, el.dataset.showIf).indexOf(el.dataset.showValue) !== -1;
      field.hidden = !shown;
    });
  }
  function init(root) {
    root.querySelectorAll("form").forEach(function (form) {
      if (!form.querySelector("[data-show-if]") || form.dataset.conditionsStarted) return;
      form.dataset.conditionsStarted = "1";
      form.addEventListener("change", function () { update(form); });
      update(form);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (evt) { init(evt.target); });
})();
