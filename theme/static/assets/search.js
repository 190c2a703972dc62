/*
 * Site search on Pagefind's JS API (pagefind/pagefind.js, written by `jixiao build`).
 * The markup is theme/overrides/partials/search.html: Material's search box without Material's
 * search code. Everything is fetched from this site: the index lives next to the pages.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 8; // each shown result fetches its page's excerpt data: keep the first query light
  var DEBOUNCE_MS = 250;

  var root = document.querySelector("[data-jixiao-search]");
  if (!root) return;
  var toggle = document.getElementById("__search");
  var opener = document.querySelector("[data-jixiao-search-open]");
  var form = root.querySelector("form");
  var input = root.querySelector("input[name=query]");
  var status = root.querySelector("#jixiao-search-status");
  var list = root.querySelector("#jixiao-search-results");
  var more = root.querySelector(".jixiao-search__more");
  var controls = root.querySelector(".jixiao-search__controls");
  var yearSelect = root.querySelector("[data-jixiao-filter=year]");
  var departmentSelect = root.querySelector("[data-jixiao-filter=department]");
  var sortSelect = root.querySelector("[data-jixiao-sort]");
  var filtersToggle = root.querySelector(".jixiao-search__filters-toggle");
  var filtersBox = root.querySelector("#jixiao-search-filters");

  // base_url from the template is relative to this page ("..", "../.."), so the same files work
  // at the domain root and under a sub-path such as /caizheng/jixiao/.
  var siteRoot = new URL((root.getAttribute("data-base") || ".").replace(/\/?$/, "/"), window.location.href);

  // The index holds Chinese one character per word (generator/search_index.py explains why).
  var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
  var BETWEEN_HAN = new RegExp("([" + HAN + "])(?=[" + HAN + "])", "g");
  var ONLY_HAN = new RegExp("^[" + HAN + "]+$");
  var SPACED_HAN = new RegExp("([" + HAN + "])((?:</?mark>)*) ((?:</?mark>)*)(?=[" + HAN + "])", "g");

  // A query of Chinese alone becomes an exact phrase of characters: it finds the pages that contain
  // it as written, also inside longer words. Anything else (numbers, several words) is searched as
  // separate terms, all of which must be on the page.
  function pagefindQuery(query) {
    var spaced = query.replace(BETWEEN_HAN, "$1 ");
    return ONLY_HAN.test(query) ? '"' + spaced + '"' : spaced;
  }

  // Undo the indexing separation in what the reader sees.
  function unspace(text) {
    return String(text).replace(/\u200a/g, "");
  }

  function unspaceExcerpt(excerpt) {
    var before;
    do {
      before = excerpt;
      excerpt = excerpt.replace(SPACED_HAN, "$1$2$3");
    } while (excerpt !== before);
    return unspace(excerpt).replace(/<\/mark><mark>/g, "");
  }

  var pagefindPromise = null;
  var filtersLoaded = false;
  var results = [];
  var shown = 0;
  var generation = 0;
  var timer = null;

  function loadPagefind() {
    if (!pagefindPromise) {
      pagefindPromise = import(new URL("pagefind/pagefind.js", siteRoot).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: siteRoot.pathname, excerptLength: 40 }).then(function () {
          return pagefind;
        });
      });
      pagefindPromise.catch(function () {
        pagefindPromise = null;
      });
    }
    return pagefindPromise;
  }

  function setStatus(text) {
    status.textContent = text;
  }

  function open() {
    toggle.checked = true;
  }

  function close() {
    toggle.checked = false;
  }

  // Pagefind marks matches with <mark> in an excerpt built from page text. Build the nodes
  // ourselves so no page text is ever parsed as live markup.
  function excerptNodes(excerpt) {
    var fragment = document.createDocumentFragment();
    var highlight = false;
    excerpt.split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === "<mark>") {
        highlight = true;
      } else if (part === "</mark>") {
        highlight = false;
      } else if (part) {
        var text = new DOMParser().parseFromString(part, "text/html").body.textContent;
        var node = document.createTextNode(text);
        if (highlight) {
          var mark = document.createElement("mark");
          mark.appendChild(node);
          node = mark;
        }
        fragment.appendChild(node);
      }
    });
    return fragment;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.textContent = unspace((data.meta && data.meta.title) || data.url);
    article.appendChild(title);
    var facts = [];
    if (data.meta && data.meta.department) facts.push(unspace(data.meta.department));
    if (data.meta && data.meta.year) facts.push(data.meta.year + "年度");
    if (facts.length) {
      var meta = document.createElement("p");
      meta.className = "jixiao-search__facts";
      meta.textContent = facts.join(" · ");
      article.appendChild(meta);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "jixiao-search__excerpt";
    excerpt.appendChild(excerptNodes(unspaceExcerpt(data.excerpt || "")));
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  function showMore(current) {
    var batch = results.slice(shown, shown + PAGE_SIZE);
    shown += batch.length;
    more.hidden = true;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
      if (current !== generation) return;
      pages.forEach(function (data) { list.appendChild(resultItem(data)); });
      more.hidden = shown >= results.length;
    });
  }

  function currentFilters() {
    var filters = {};
    if (yearSelect.value) filters.year = yearSelect.value;
    if (departmentSelect.value) filters.department = departmentSelect.value;
    return filters;
  }

  function fillSelect(select, counts, label) {
    Object.keys(counts).sort(function (a, b) {
      return label ? b.localeCompare(a) : unspace(a).localeCompare(unspace(b), "zh");
    }).forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = unspace(label ? value + label : value);
      select.appendChild(option);
    });
  }

  // The filter lists (every department and year) are fetched only when the reader asks for them,
  // so they never add to the first answer a reader waits for on a phone.
  function loadFilters() {
    if (filtersLoaded) return Promise.resolve();
    filtersLoaded = true;
    return loadPagefind().then(function (pagefind) {
      return pagefind.filters();
    }).then(function (filters) {
      fillSelect(yearSelect, filters.year || {}, "年度");
      fillSelect(departmentSelect, filters.department || {}, "");
    }).catch(function () {
      filtersLoaded = false;
    });
  }

  filtersToggle.addEventListener("click", function () {
    var show = filtersBox.hidden;
    (show ? loadFilters() : Promise.resolve()).then(function () {
      filtersBox.hidden = !show;
      filtersToggle.setAttribute("aria-expanded", String(show));
      if (show) yearSelect.focus();
    });
  });

  function search() {
    var query = input.value.trim();
    var current = ++generation;
    list.textContent = "";
    results = [];
    shown = 0;
    more.hidden = true;
    if (!query) {
      setStatus("输入项目名称、单位、指标或数字进行搜索");
      return;
    }
    setStatus("正在搜索…");
    loadPagefind().then(function (pagefind) {
      var options = { filters: currentFilters() };
      if (sortSelect.value) options.sort = { year: "desc" };
      return pagefind.search(pagefindQuery(query), options).then(function (response) {
        if (current !== generation) return;
        results = (response && response.results) || [];
        if (!results.length) {
          setStatus("没有找到与“" + query + "”相关的页面。请换一个词，或检查筛选条件。");
          return;
        }
        // Announce the count only once the first results are on screen, for screen readers and tests alike.
        return showMore(current).then(function () {
          if (current !== generation) return;
          setStatus("找到 " + results.length + " 个相关页面");
          controls.hidden = false;
        });
      });
    }).catch(function () {
      if (current !== generation) return;
      setStatus("搜索暂时不可用：未能加载搜索索引。");
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(search, DEBOUNCE_MS);
  }

  input.addEventListener("input", schedule);
  input.addEventListener("focus", function () {
    open();
    loadPagefind().catch(function () {});
  });
  [yearSelect, departmentSelect, sortSelect].forEach(function (select) {
    select.addEventListener("change", search);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      search();
      input.focus();
    }, 0);
  });
  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore(generation).then(function () {
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    });
  });

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  // Keyboard: arrows move between the box and the results, Escape closes and returns focus.
  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      close();
      input.blur();
      if (opener && opener.offsetParent !== null) opener.focus();
      event.preventDefault();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    if (event.target.tagName === "SELECT") return;
    var all = links();
    var index = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown") {
      if (index + 1 < all.length) all[index + 1].focus();
    } else if (index > 0) {
      all[index - 1].focus();
    } else if (index === 0) {
      input.focus();
    }
    event.preventDefault();
  });

  // The header's icons (search, navigation drawer) are labels of Material's toggles, because Material's
  // CSS keys on them; as role=button they must also work from the keyboard.
  Array.prototype.forEach.call(document.querySelectorAll("label[role=button][for]"), function (label) {
    label.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        label.click();
      }
    });
  });
  if (opener) {
    opener.addEventListener("click", function () {
      setTimeout(function () { if (toggle.checked) input.focus(); }, 0);
    });
  }

  // "/" focuses the search box from anywhere, as in Material's own search.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    open();
    input.focus();
  });
})();
