/*
 * Sorting and filtering for the comparison tables (theme/templates/compare.md.j2).
 * Without this script the table is a plain, paginated table. With it, the first time a reader sorts
 * or filters, the year's compact rows file (compare/<年度>/rows.json, written by generator/data_pages.py)
 * is fetched from this site, and the table shows the matching projects of the whole year, a page at a time.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-jx-compare]");
  if (!root) return;
  var form = root.querySelector(".jx-compare-controls");
  var table = root.querySelector("table");
  var body = table.querySelector("tbody");
  var status = root.querySelector(".jx-compare-status");
  var more = root.querySelector(".jx-compare-more");
  var pageSize = parseInt(root.getAttribute("data-page-size"), 10) || 100;
  var siteRoot = new URL(root.getAttribute("data-root") || "./", window.location.href);
  var rowsUrl = new URL(root.getAttribute("data-rows"), window.location.href);
  var showFindings = !!table.querySelector("th[data-key=findings]");
  var KEYS = { budget: 3, executed: 4, rate: 6, score: 7, recomputed: 9, gap: 10, findings: 11 };

  var data = null;
  var loading = null;
  var matches = [];
  var shown = 0;
  var headerSort = null; // {key, dir} from a click on a column heading

  form.hidden = false;

  function load() {
    if (data) return Promise.resolve(data);
    if (!loading) {
      status.textContent = "正在读取本年度全部项目……";
      loading = fetch(rowsUrl.href).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (json) {
        data = json;
        var select = form.elements.department;
        json["单位"].forEach(function (d, i) {
          var option = document.createElement("option");
          option.value = String(i);
          option.textContent = d[0];
          select.appendChild(option);
        });
        return data;
      });
    }
    return loading;
  }

  function number(value) {
    return value === null || value === undefined || value === "" ? null : parseFloat(value);
  }

  function compare(key, dir) {
    var index = KEYS[key];
    return function (a, b) {
      var x, y;
      if (index === undefined) {
        x = key === "department" ? data["单位"][a[2]][0] : key === "grade" ? a[8] : key === "rate_text" ? a[5] : a[0];
        y = key === "department" ? data["单位"][b[2]][0] : key === "grade" ? b[8] : key === "rate_text" ? b[5] : b[0];
        return dir * x.localeCompare(y, "zh-CN");
      }
      x = number(a[index]);
      y = number(b[index]);
      if (x === null && y === null) return 0;
      if (x === null) return 1; // blanks last, whichever the direction
      if (y === null) return -1;
      return dir * (x - y);
    };
  }

  function cell(tag, text, className) {
    var c = document.createElement(tag);
    if (className) c.className = className;
    c.textContent = text === null || text === undefined ? "" : text;
    return c;
  }

  function link(text, href) {
    var a = document.createElement("a");
    a.href = new URL(href, siteRoot).href;
    a.textContent = text;
    return a;
  }

  function render(from) {
    var rows = matches.slice(from, from + pageSize);
    if (from === 0) body.textContent = "";
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.appendChild(link(r[0], r[1]));
      tr.appendChild(th);
      var td = document.createElement("td");
      td.appendChild(link(data["单位"][r[2]][0], data["单位"][r[2]][1]));
      tr.appendChild(td);
      tr.appendChild(cell("td", r[3], "jx-num"));
      tr.appendChild(cell("td", r[4], "jx-num"));
      tr.appendChild(cell("td", r[5], "jx-num"));
      tr.appendChild(cell("td", r[6] === null ? "" : r[6] + "%", "jx-num"));
      tr.appendChild(cell("td", r[7], "jx-num"));
      tr.appendChild(cell("td", r[8]));
      tr.appendChild(cell("td", r[9], "jx-num"));
      tr.appendChild(cell("td", r[10], "jx-num"));
      if (showFindings) tr.appendChild(cell("td", r[11], "jx-num"));
      body.appendChild(tr);
    });
    shown = from + rows.length;
    status.textContent = matches.length ? "显示第 1–" + shown + " 个，共 " + matches.length + " 个符合条件的项目（全年 " + data["项目"].length + " 个）。"
                                        : "没有符合条件的项目。";
    more.hidden = shown >= matches.length;
  }

  function apply() {
    load().then(function () {
      var q = form.elements.q.value.trim();
      var department = form.elements.department.value;
      var grade = form.elements.grade.value;
      matches = data["项目"].filter(function (r) {
        return (!q || r[0].indexOf(q) !== -1) && (department === "" || String(r[2]) === department) && (!grade || r[8] === grade);
      });
      var sort = headerSort || (form.elements.sort.value ? { key: form.elements.sort.value.split(":")[0], dir: form.elements.sort.value.split(":")[1] === "desc" ? -1 : 1 } : null);
      if (sort) matches.sort(compare(sort.key, sort.dir));
      table.querySelectorAll("th[data-key]").forEach(function (th) {
        th.setAttribute("aria-sort", sort && th.getAttribute("data-key") === sort.key ? (sort.dir > 0 ? "ascending" : "descending") : "none");
      });
      render(0);
      var pages = document.querySelector(".jx-pages");
      if (pages) pages.hidden = true; // the script's table now covers the whole year
    }).catch(function () {
      status.textContent = "未能读取本年度全部项目，表格仍按页显示。";
    });
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("change", function (e) {
    if (e.target.name === "sort") headerSort = null;
    apply();
  });
  var timer = null;
  form.elements.q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 250);
  });
  more.querySelector("button").addEventListener("click", function () { render(shown); });

  // Column headings become buttons: a click sorts by that column, a second click reverses it.
  table.querySelectorAll("th[data-key]").forEach(function (th) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "jx-sort";
    while (th.firstChild) button.appendChild(th.firstChild);
    th.appendChild(button);
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", function () {
      var key = th.getAttribute("data-key");
      var numeric = KEYS[key] !== undefined;
      headerSort = headerSort && headerSort.key === key ? { key: key, dir: -headerSort.dir } : { key: key, dir: numeric && key !== "rate" && key !== "score" ? -1 : 1 };
      form.elements.sort.value = "";
      apply();
    });
  });
})();
