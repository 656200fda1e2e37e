/* Programme editor: places session cards on the day's time grid (rows of 15 minutes, a column per room).
   Positions come from data attributes; the matching rules go into a constructed stylesheet, so no element
   ever carries a style attribute (CSP: style-src 'self', and htmx clones elements when it swaps and saves
   history). Without this script the grid stays a list per room in time order. */
(function () {
  "use strict";

  var rules = {};
  var sheet = null;

  function int(value) {
    var n = parseInt(value, 10);
    return n > 0 && n < 1000 ? n : null;
  }

  function layout(root) {
    var grids = [];
    if (root.matches && root.matches("[data-day-grid]")) grids.push(root);
    root.querySelectorAll("[data-day-grid]").forEach(function (g) { grids.push(g); });
    if (!grids.length || !("adoptedStyleSheets" in document)) return;
    grids.forEach(function (grid) {
      var cols = int(grid.dataset.cols), rows = int(grid.dataset.rows);
      if (!cols || !rows) return;
      rules['.time-grid[data-cols="' + cols + '"][data-rows="' + rows + '"]'] =
        "grid-template-columns: 3.5rem repeat(" + cols + ", minmax(0, 1fr)); " +
        "grid-template-rows: auto repeat(" + rows + ", minmax(1.4rem, auto));";
      // Compact view: fixed 15-minute rows, so a whole day fits one screen; cards open up on hover or focus.
      rules['.time-grid.compact[data-cols="' + cols + '"][data-rows="' + rows + '"]'] =
        "grid-template-columns: 3rem repeat(" + cols + ", minmax(0, 1fr)); " +
        "grid-template-rows: auto repeat(" + rows + ", 0.95rem);";
      grid.querySelectorAll("[data-grid-row]").forEach(function (el) {
        var row = int(el.dataset.gridRow), span = int(el.dataset.gridSpan);
        var col = int(el.dataset.gridCol), colspan = int(el.dataset.gridColspan);
        if (row) rules['.time-grid [data-grid-row="' + row + '"]'] = "grid-row-start: " + row + ";";
        if (span) rules['.time-grid [data-grid-span="' + span + '"]'] = "grid-row-end: span " + span + ";";
        if (col) rules['.time-grid [data-grid-col="' + col + '"]'] = "grid-column-start: " + col + ";";
        if (colspan) rules['.time-grid [data-grid-colspan="' + colspan + '"]'] = "grid-column-end: span " + colspan + ";";
      });
      grid.classList.add("time-grid");
    });
    if (!sheet) {
      sheet = new CSSStyleSheet();
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    }
    var css = Object.keys(rules).map(function (sel) { return sel + " { " + rules[sel] + " }"; }).join("\n");
    sheet.replaceSync("@media (min-width: 900px) {\n" + css + "\n}");
  }

  document.addEventListener("DOMContentLoaded", function () { layout(document); });
  document.addEventListener("htmx:load", function (evt) { layout(evt.target); });
})();
