/*
 * Reading aids for older readers (适老化): a font-size switch and a high-contrast mode.
 * Loaded in <head>, so the chosen size and contrast apply before the first paint; the buttons in the header
 * (theme/overrides/partials/header.html) are wired once the document is parsed. No pop-ups, no timers.
 * ?contrast=high|normal and ?size=N set the same choices from a link (and for screenshots).
 */
(function () {
  "use strict";

  var SIZES = [0.9, 1, 1.15, 1.3, 1.5, 1.75];
  var DEFAULT = 1;
  var SIZE_KEY = "jixiao.fontSize";
  var CONTRAST_KEY = "jixiao.contrast";
  var root = document.documentElement;

  // Storage can be disabled (private mode, strict policies): the switches then work for this page only.
  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function save(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* page-only choice */ }
  }

  function clampSize(value) {
    var n = parseInt(value, 10);
    if (isNaN(n)) { return DEFAULT; }
    return Math.max(0, Math.min(SIZES.length - 1, n));
  }

  var size = clampSize(load(SIZE_KEY));
  var contrast = load(CONTRAST_KEY) === "high";

  var query = new URLSearchParams(window.location.search);
  if (query.has("size")) { size = clampSize(query.get("size")); save(SIZE_KEY, String(size)); }
  if (query.get("contrast") === "high" || query.get("contrast") === "normal") {
    contrast = query.get("contrast") === "high";
    save(CONTRAST_KEY, contrast ? "high" : "normal");
  }

  function apply() {
    root.style.setProperty("--jx-scale", String(SIZES[size]));
    root.classList.toggle("jx-scaled", size !== DEFAULT);
    root.classList.toggle("jx-contrast", contrast);
  }

  function render() {
    var buttons = document.querySelectorAll("[data-jx-action]");
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      var action = button.getAttribute("data-jx-action");
      // aria-disabled, not disabled: a disabled button drops keyboard focus right after the last press.
      if (action === "larger") { button.setAttribute("aria-disabled", String(size === SIZES.length - 1)); }
      if (action === "smaller") { button.setAttribute("aria-disabled", String(size === 0)); }
      if (action === "default") { button.setAttribute("aria-pressed", String(size === DEFAULT)); }
      if (action === "contrast") { button.setAttribute("aria-pressed", String(contrast)); }
    }
    var status = document.querySelector("[data-jx-status]");
    if (status) { status.textContent = "当前字号 " + Math.round(SIZES[size] * 100) + "%"; }
  }

  function act(action) {
    if (action === "larger") { size = clampSize(size + 1); }
    else if (action === "smaller") { size = clampSize(size - 1); }
    else if (action === "default") { size = DEFAULT; }
    else if (action === "contrast") { contrast = !contrast; save(CONTRAST_KEY, contrast ? "high" : "normal"); }
    save(SIZE_KEY, String(size));
    apply();
    render();
  }

  apply();

  document.addEventListener("DOMContentLoaded", function () {
    document.addEventListener("click", function (event) {
      var target = event.target;
      var button = target && target.closest ? target.closest("[data-jx-action]") : null;
      if (button && button.getAttribute("aria-disabled") !== "true") { act(button.getAttribute("data-jx-action")); }
    });
    render();
  });
})();
