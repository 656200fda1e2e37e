/* Applicant journey: ask before irreversible actions (forms with data-confirm). No inline scripts (CSP). */
(function () {
  "use strict";
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    var question = form && form.getAttribute ? form.getAttribute("data-confirm") : null;
    if (question && !window.confirm(question)) { evt.preventDefault(); }
  }, true);
})();
