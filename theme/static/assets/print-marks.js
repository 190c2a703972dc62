/*
 * A printout says where it came from: the site's name, the page's address and the date it was printed,
 * at the top of every sheet (@page margin boxes) and once above the content (.jx-print-marks, for
 * browsers without margin boxes). The address and the date are only known in the reader's browser.
 */
(function () {
  "use strict";

  var marks = document.querySelector(".jx-print-marks");
  if (!marks) return;

  function cssString(text) {
    return '"' + String(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[\r\n]+/g, " ") + '"';
  }

  function today() {
    var now = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  var style = document.createElement("style");
  style.media = "print";
  document.head.appendChild(style);

  function update() {
    // The address without a search's ?q=…: the page, as anyone can open it again.
    var url = new URL(window.location.href);
    url.search = "";
    url.hash = "";
    var address = marks.querySelector("[data-jx-print-url]");
    if (!address.textContent) address.textContent = url.href;
    var date = today();
    marks.querySelector("[data-jx-print-date]").textContent = date;
    var site = marks.getAttribute("data-site-name") || "";
    style.textContent =
      "@page{" +
      "@top-left{content:" + cssString(site) + ";font-size:8pt;color:#333}" +
      "@top-right{content:" + cssString("打印日期：" + date) + ";font-size:8pt;color:#333}" +
      "@bottom-left{content:" + cssString(address.textContent) + ";font-size:7pt;color:#333}" +
      "@bottom-right{content:\"第 \" counter(page) \" 页，共 \" counter(pages) \" 页\";font-size:8pt;color:#333}" +
      "}";
  }

  update();
  window.addEventListener("beforeprint", update);
})();
