/*
 * A table wider than the screen scrolls inside its own box (the page itself never scrolls sideways).
 * A reader must see that it does: such a box gets a line above it saying so, and a shadow on the side
 * where more columns are hidden. Applies to the 自评表 (.jx-form-scroll) and Material's wrapped tables.
 */
(function () {
  "use strict";

  var SELECTOR = ".jx-form-scroll, .jx-check, .md-typeset__scrollwrap";
  var boxes = [];

  function hint(box) {
    var note = box.previousElementSibling;
    if (note && note.classList.contains("jx-scroll-hint")) return note;
    note = document.createElement("p");
    note.className = "jx-scroll-hint";
    note.setAttribute("aria-hidden", "true");
    var table = box.querySelector("table");
    var columns = 0;
    if (table) {
      Array.prototype.forEach.call(table.rows, function (row) {
        var n = 0;
        Array.prototype.forEach.call(row.cells, function (cell) { n += cell.colSpan || 1; });
        columns = Math.max(columns, n);
      });
    }
    note.textContent = "表格较宽" + (columns ? "（共 " + columns + " 栏）" : "") + "：在表格上左右滑动，可看到右侧各栏 →";
    box.parentNode.insertBefore(note, box);
    return note;
  }

  function update(box) {
    var wide = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("jx-scrolls", wide);
    var note = wide ? hint(box) : box.previousElementSibling;
    if (note && note.classList.contains("jx-scroll-hint")) note.hidden = !wide;
    box.classList.toggle("jx-more-left", wide && box.scrollLeft > 1);
    box.classList.toggle("jx-more-right", wide && box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
  }

  // Material wraps Markdown tables in .md-typeset__scrollwrap from its own script, after this one runs:
  // look again whenever the article changes.
  function collect() {
    Array.prototype.forEach.call(document.querySelectorAll(SELECTOR), function (box) {
      if (boxes.indexOf(box) >= 0 || box.querySelector(SELECTOR)) return;
      boxes.push(box);
      box.addEventListener("scroll", function () { update(box); }, { passive: true });
    });
    boxes.forEach(update);
  }

  collect();
  var article = document.querySelector(".md-content") || document.body;
  new MutationObserver(function () { collect(); }).observe(article, { childList: true, subtree: true });
  window.addEventListener("load", collect);
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { boxes.forEach(update); }, 100);
  });
  // The reader's font size (A+ / A−) changes widths too.
  new MutationObserver(function () { collect(); })
    .observe(document.documentElement, { attributes: true, attributeFilter: ["class", "style"] });
})();
