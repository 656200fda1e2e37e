// Replay slider (simulations/templates/simulations/debrief/replay.html): show the minute while the slider moves.
// The frame itself is fetched by htmx on "change" (or by the form's Show button without JavaScript).
(function () {
  "use strict";
  function wire() {
    var slider = document.getElementById("replay-t");
    var output = document.getElementById("replay-minute");
    if (!slider || !output) return;
    slider.addEventListener("input", function () {
      output.textContent = slider.value;
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
