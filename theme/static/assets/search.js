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

  // The index holds each run of Chinese characters as its overlapping pairs and its last character marked
  // with RUN_END (会议经费 -> 会议 议经 经费 费𝐚), numbers apart from the characters beside them, and a decimal
  // point as the letter "d" (generator/search/search_index.py explains why).
  var RUN_END = "\ud835\udc1a";
  var RUN_ENDS = new RegExp(RUN_END, "g");
  var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
  var QUERY_PIECE = new RegExp("[" + HAN + "]+|[0-9A-Za-z]+", "g");
  var HAN_CHARACTER = new RegExp("^[" + HAN + "]$");
  var NOT_QUERY_PIECE = new RegExp("[^" + HAN + "0-9A-Za-z]+");
  var DECIMAL_POINT = /(\d)\.(?=\d)/g;
  var DECIMAL_MARK = /(\d)d(?=\d)/g;
  var MARKS = "((?:</?mark>)*)";
  // The indexer's separator, as given back: titles and filter values keep the hair space; page text comes
  // back from Pagefind with plain spaces, so there a space is taken for the indexer's where it could be one.
  var HAIR_SPACE = "\u200a";
  var ANY_SPACE = "[ \u200a]";
  var ALNUM = "0-9A-Za-z";

  // A pair followed by the pair or character that starts with its second character: keep its first only.
  function pairPattern(sep) {
    return new RegExp("([" + HAN + "])" + MARKS + "([" + HAN + "])" + MARKS + sep + MARKS + "(?=(?:</?mark>)*\\3)", "g");
  }

  // The indexer set Han characters apart from any mark beside them (but an ASCII full stop: Pagefind ends a
  // block of page text with ". "), and numbers and letters apart from any non-ASCII mark.
  function spacedPattern(sep) {
    return new RegExp([
      "([^\\s<>.])" + MARKS + sep + MARKS + "(?=[" + HAN + "])",
      "([" + HAN + "])" + MARKS + sep + MARKS + "(?=[^\\s<>.])",
      "([" + ALNUM + "])" + MARKS + sep + MARKS + "(?=[^\\x00-\\x7f\\s])",
      "([^\\x00-\\x7f\\s])" + MARKS + sep + MARKS + "(?=[" + ALNUM + "])"
    ].join("|"), "g");
  }

  function pairs(run) {
    var words = [];
    for (var i = 0; i + 1 < run.length; i++) words.push(run.slice(i, i + 2));
    return words;
  }

  // The index words of one query term (no spaces), and whether they can be searched as one exact phrase.
  // A run of characters is its pairs; it ends with its marked last character only where the query shows the
  // run ends (a number follows), as the index writes it. A lone character at the end of a term that also
  // holds a number ("20.37万") cannot be an exact word (in the index it starts a pair), so that term is
  // searched as separate words, each also as the start of a longer word.
  function termWords(term) {
    var pieces = term.match(QUERY_PIECE) || [];
    var words = [];
    var exact = true;
    pieces.forEach(function (piece, i) {
      var last = i === pieces.length - 1;
      if (!HAN_CHARACTER.test(piece[0])) {
        words.push(piece.toLowerCase());
      } else if (last && piece.length === 1) {
        words.push(piece);
        exact = false;
      } else {
        words = words.concat(pairs(piece));
        if (!last) words.push(piece[piece.length - 1] + RUN_END);
      }
    });
    return { words: words, exact: exact };
  }

  // A query without spaces is one exact phrase: it finds the pages that contain it as written, also
  // inside longer words (居民 in 城乡居民), and a number only as that number (20.37, not 20 or 37).
  // One character is found wherever it is written, as the first character of the index words.
  // Words separated by spaces or punctuation are searched as separate terms, all of which a page must hold.
  function pagefindQuery(query) {
    var terms = query.replace(DECIMAL_POINT, "$1d").split(NOT_QUERY_PIECE).filter(Boolean).map(termWords);
    var words = [].concat.apply([], terms.map(function (term) { return term.words; }));
    if (terms.length === 1 && terms[0].exact && !(words.length === 1 && HAN_CHARACTER.test(words[0]))) {
      return '"' + words.join(" ") + '"';
    }
    return words.join(" ");
  }

  // Undo the index words in what the reader sees: pairs back into running text, no separator beside a
  // character (next to another, a number or punctuation), decimal points back.
  function unspacer(sep) {
    var pair = pairPattern(sep);
    var spaced = spacedPattern(sep);
    return function (text) {
      text = String(text).replace(RUN_ENDS, "").replace(pair, "$1$2$4$5");
      var before;
      do {
        before = text;
        text = text.replace(spaced, "$1$2$3$4$5$6$7$8$9$10$11$12");
      } while (text !== before);
      return text.replace(DECIMAL_MARK, "$1.");
    };
  }

  var unspace = unspacer(HAIR_SPACE); // titles, names, filter values
  var unspaceText = unspacer(ANY_SPACE); // page text and Pagefind's excerpts

  function unspaceExcerpt(excerpt) {
    return unspaceText(excerpt).replace(/<\/mark><mark>/g, "");
  }

  // --- Excerpts from the page's running text -------------------------------------------------------
  // Pagefind's own excerpt is the densest window of matches, which was often the 当前位置 line or a run
  // of table cells ("50000. 50000."). The excerpt is made here from the page text instead: the longest
  // block of text that holds the query, cut around it; a figure found only in a table is shown as
  // "表格中：" with the cells beside it, so it never reads as a sentence.
  var BLOCK_SEPARATOR = ". ";
  var PROSE_LENGTH = 16;
  var EXCERPT_BEFORE = 24;
  var EXCERPT_LENGTH = 72;

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function termPattern(terms) {
    var parts = terms.map(function (term) {
      var pattern = escapeRegExp(term);
      // A number matches only whole: 20.37 is not inside 120.37 or 20.375.
      if (/^\d/.test(term)) pattern = "(?<![\\d.])" + pattern;
      if (/\d$/.test(term)) pattern = pattern + "(?![\\d]|\\.\\d)";
      return pattern;
    });
    return new RegExp(parts.join("|"), "gi");
  }

  // Returns [{text, mark}] pieces, or null when the text does not hold the query.
  function makeExcerpt(content, query) {
    var terms = query.split(/\s+/).filter(Boolean);
    if (!terms.length || !content) return null;
    var blocks = unspaceText(content).split(BLOCK_SEPARATOR);
    var best = -1;
    var bestScore = -1;
    blocks.forEach(function (block, i) {
      var found = terms.filter(function (term) { return termPattern([term]).test(block); }).length;
      if (!found) return;
      var score = found * 1000 + Math.min(block.length, 200);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    });
    if (best < 0) return null;
    var pattern = termPattern(terms);
    var text;
    var label = "";
    if (blocks[best].length < PROSE_LENGTH) {
      label = "表格中：";
      text = blocks.slice(Math.max(0, best - 2), best + 3).join(" · ");
    } else {
      text = blocks[best];
      pattern.lastIndex = 0;
      var first = pattern.exec(text);
      var start = Math.max(0, first.index - EXCERPT_BEFORE);
      var end = Math.min(text.length, start + EXCERPT_LENGTH);
      text = (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
    }
    var pieces = label ? [{ text: label, mark: false }] : [];
    var last = 0;
    pattern.lastIndex = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) pieces.push({ text: text.slice(last, match.index), mark: false });
      pieces.push({ text: match[0], mark: true });
      last = match.index + match[0].length;
      if (!match[0].length) pattern.lastIndex++;
    }
    if (last < text.length) pieces.push({ text: text.slice(last), mark: false });
    return pieces;
  }

  function pieceNodes(pieces) {
    var fragment = document.createDocumentFragment();
    pieces.forEach(function (piece) {
      var node = document.createTextNode(piece.text);
      if (piece.mark) {
        var mark = document.createElement("mark");
        mark.appendChild(node);
        node = mark;
      }
      fragment.appendChild(node);
    });
    return fragment;
  }

  // Pagefind scores every page that holds an exact phrase alike: among equals, the page where the
  // query occurs most often comes first; otherwise Pagefind's order stands.
  function rank(found) {
    return found.map(function (result, i) { return { result: result, i: i }; }).sort(function (a, b) {
      var score = (b.result.score || 0) - (a.result.score || 0);
      if (Math.abs(score) > 1e-9) return score;
      var hits = ((b.result.words || []).length) - ((a.result.words || []).length);
      return hits || a.i - b.i;
    }).map(function (entry) { return entry.result; });
  }

  var pagefindPromise = null;
  var filtersLoaded = false;
  var results = [];
  var shown = 0;
  var generation = 0;
  var timer = null;
  var shownQuery = "";

  // pagefind/jixiao-shards.json lists the indexes, the first being pagefind/ itself. `jixiao build` merges its
  // shards of whole years into that one index (generator/search/merge.py); an index left in shards lists them
  // all, and Pagefind merges them into one search here; each shard's pages carry the filter value of its place
  // in the list, so a sorted search can keep the shards' order.
  var shardFilter = "";
  var shardCount = 1;
  var sortYears = []; // the index's years, newest first, when it has no sort of its own (a merged index)

  function loadShards(base) {
    return fetch(new URL("jixiao-shards.json", base).href).then(function (response) {
      return response.ok ? response.json() : null;
    }).catch(function () { return null; });
  }

  function loadPagefind() {
    if (!pagefindPromise) {
      var base = new URL("pagefind/", siteRoot);
      pagefindPromise = Promise.all([import(new URL("pagefind.js", base).href), loadShards(base)]).then(function (loaded) {
        var pagefind = loaded[0];
        var indexes = (loaded[1] && loaded[1].indexes) || [""];
        sortYears = (loaded[1] && loaded[1].years) || [];
        var options = { baseUrl: siteRoot.pathname, excerptLength: 40 };
        if (indexes.length > 1) {
          shardFilter = loaded[1].filter;
          shardCount = indexes.length;
          options.mergeFilter = {};
          options.mergeFilter[shardFilter] = "0";
        }
        return pagefind.options(options).then(function () {
          return Promise.all(indexes.slice(1).map(function (path, i) {
            var mergeFilter = {};
            mergeFilter[shardFilter] = String(i + 1);
            return pagefind.mergeIndex(new URL(path, base).pathname, { baseUrl: siteRoot.pathname, mergeFilter: mergeFilter });
          }));
        }).then(function () {
          return pagefind;
        });
      });
      pagefindPromise.catch(function () {
        pagefindPromise = null;
      });
    }
    return pagefindPromise;
  }

  // Pagefind orders merged results by score, which undoes a sort: with shards, a sorted search asks each
  // shard (newest years first) and keeps their order.
  function concatenated(responses) {
    return [].concat.apply([], responses.map(function (response) {
      return rank((response && response.results) || []);
    }));
  }

  function runSearch(pagefind, query, options) {
    if (options.sort && sortYears.length) {
      // Newest first: one search per year (or only the year chosen), each ranked, one after the other.
      var years = options.filters.year ? [options.filters.year] : sortYears;
      return Promise.all(years.map(function (year) {
        return pagefind.search(query, { filters: Object.assign({}, options.filters, { year: year }) });
      })).then(concatenated);
    }
    if (!options.sort || shardCount < 2) {
      return pagefind.search(query, options).then(function (response) {
        return rank((response && response.results) || []);
      });
    }
    var searches = [];
    for (var i = 0; i < shardCount; i++) {
      var filters = Object.assign({}, options.filters);
      filters[shardFilter] = String(i);
      searches.push(pagefind.search(query, { filters: filters, sort: options.sort }));
    }
    return Promise.all(searches).then(concatenated);
  }

  function setStatus(text) {
    status.textContent = text;
  }

  function open() {
    toggle.checked = true;
  }

  function close() {
    toggle.checked = false;
    writeAddress("");
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

  function resultItem(data, query) {
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
    var pieces = makeExcerpt(data.content, query);
    excerpt.appendChild(pieces ? pieceNodes(pieces) : excerptNodes(unspaceExcerpt(data.excerpt || "")));
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
      pages.forEach(function (data) { list.appendChild(resultItem(data, shownQuery)); });
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
    writeAddress(query);
    if (!query) {
      setStatus("输入项目名称、单位、指标或数字进行搜索");
      return;
    }
    setStatus("正在搜索…");
    loadPagefind().then(function (pagefind) {
      var options = { filters: currentFilters() };
      if (sortSelect.value) options.sort = { year: "desc" };
      return runSearch(pagefind, pagefindQuery(query), options).then(function (found) {
        if (current !== generation) return;
        results = found;
        shownQuery = query;
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

  // --- A search as a link: ?q=…&year=…&department=…&sort=year ---------------------------------------
  // The address of the page follows the search (replaceState, so Back leaves the page rather than
  // stepping through keystrokes); a shared or restored address opens the search with its filters.
  var STATE_KEYS = ["q", "year", "department", "sort"];

  function writeAddress(query) {
    if (!window.history || !history.replaceState) return;
    var url = new URL(window.location.href);
    STATE_KEYS.forEach(function (key) { url.searchParams.delete(key); });
    if (query) {
      url.searchParams.set("q", query);
      if (yearSelect.value) url.searchParams.set("year", yearSelect.value);
      if (departmentSelect.value) url.searchParams.set("department", unspace(departmentSelect.value));
      if (sortSelect.value) url.searchParams.set("sort", sortSelect.value);
    }
    if (url.href !== window.location.href) history.replaceState(history.state, "", url.href);
  }

  function choose(select, wanted) {
    Array.prototype.some.call(select.options, function (option) {
      if (option.value && unspace(option.value) === wanted) {
        select.value = option.value;
        return true;
      }
      return false;
    });
  }

  function restore() {
    var params = new URL(window.location.href).searchParams;
    var query = (params.get("q") || "").trim();
    if (!query) return;
    input.value = query;
    open();
    if (params.get("sort") === "year") sortSelect.value = "year";
    var year = params.get("year");
    var department = params.get("department");
    if (!year && !department) {
      search();
      return;
    }
    loadFilters().then(function () {
      if (year) choose(yearSelect, year);
      if (department) choose(departmentSelect, department);
      filtersBox.hidden = false;
      filtersToggle.setAttribute("aria-expanded", "true");
      search();
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(search, DEBOUNCE_MS);
  }

  input.addEventListener("input", schedule);
  // Closed by its overlay or back arrow (labels of the toggle): the address forgets the search too.
  toggle.addEventListener("change", function () {
    if (!toggle.checked) writeAddress("");
  });
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

  // A page restored from the back-forward cache keeps its search as it was; a reloaded one reads its address.
  restore();
})();
