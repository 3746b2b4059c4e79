/* Learnshelf search page: a query box and facet filters over the Pagefind index.
   The state (query and filters) lives in the URL, so a filtered view can be shared and
   survives a reload. Card text is only ever inserted with textContent. */
(function () {
  "use strict";
  const script = document.currentScript.src;
  const root = document.getElementById("ls-search");
  headerSearch(root);
  if (!root) return;
  const cfg = JSON.parse(root.dataset.config);
  const bundle = new URL(cfg.bundle, window.location.href);
  const siteRoot = new URL("../", bundle);
  const input = root.querySelector("#ls-q");
  const facetsEl = root.querySelector(".ls-facets");
  const resultsEl = root.querySelector(".ls-results");
  const toggle = root.querySelector(".ls-filters-toggle");
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    facetsEl.classList.toggle("ls-open", open);
  });
  const LABELS = {type: "Type", topic: "Topic", role: "Role", level: "Level", cost: "Cost",
                  language: "Language", accessibility: "Accessibility", duration: "Duration"};
  const PAGE = 20;
  let finders = [];  /* one worker per group of index parts: the groups are searched in parallel */
  let counter = null;  /* a worker over every part that counts the facet values */
  const allFilters = cfg.filters || {};  /* the library-wide counts, written by the build */
  let sequence = 0;
  const COUNT_PAUSE = 200;  /* ms without a new search before facet values are counted */
  let running = false;
  let again = false;
  let counting = false;
  let countAgain = false;
  let countTimer = null;
  /* The counting worker makes its Pagefinds (and loads their filter chunks) once the reader has
     left the page alone this long; until then a count makes those of the parts it needs. */
  const PREPARE_PAUSE = 1000;
  let prepareTimer = null;
  let prepared = false;
  let shownSearch = null;
  let shown = PAGE;

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    const filters = {};
    for (const facet of cfg.facets) {
      const values = params.getAll(facet);
      if (values.length) filters[facet] = values;
    }
    return {q: params.get("q") || "", filters: filters};
  }

  function writeUrl(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const facet of cfg.facets) (state.filters[facet] || []).forEach((v) => params.append(facet, v));
    const query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function currentState() {
    const filters = {};
    facetsEl.querySelectorAll("input[type=checkbox]:checked").forEach((box) => {
      (filters[box.dataset.facet] = filters[box.dataset.facet] || []).push(box.value);
    });
    return {q: input.value.trim(), filters: filters};
  }

  function headerSearch(root) {
    /* A search box in Material's header on every page (its own search plugin is not used): it
       opens the search page with the query, which runs on our Pagefind index. On the search page
       it types into the page's own box instead. "/" focuses it, as in Material. The search page is
       at search/ beside the assets/ folder this script is served from (routes.SEARCH). */
    const header = document.querySelector(".md-header__inner");
    if (!header) return;
    const form = document.createElement("form");
    form.className = "ls-header-search";
    form.setAttribute("role", "search");
    form.action = new URL("../../search/", script).href;
    const label = document.createElement("label");
    label.className = "md-visually-hidden";
    label.htmlFor = "ls-header-q";
    label.textContent = "Search the library";
    const box = document.createElement("input");
    Object.assign(box, {id: "ls-header-q", name: "q", type: "search", autocomplete: "off", placeholder: "Search"});
    box.setAttribute("aria-keyshortcuts", "/");
    form.append(label, box);
    const source = header.querySelector(".md-header__source");
    header.insertBefore(form, source);
    const own = root && root.querySelector("#ls-q");
    if (own) {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        own.value = box.value;
        own.dispatchEvent(new Event("input"));
        own.focus();
      });
    }
    document.addEventListener("keydown", (event) => {
      const target = event.target;
      const typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (event.key !== "/" || typing || event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      (own || box).focus();
    });
  }

  function el(tag, props, text) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function distance(a, b) {
    /* Edit distance where swapping two neighbouring letters counts as one typo. */
    const d = Array.from({length: a.length + 1}, (_, i) => [i].concat(Array(b.length).fill(0)));
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  }

  /* Whole terms ("C#", ".NET", "R"; learnshelf/search/terms.py): Pagefind would drop the symbol
     and prefix-match what is left, so each is searched as the token the index holds for it. The
     boundaries mirror the Python pattern: a term inside a longer word ("ASP.NET") is not one. */
  const tokens = new Map((cfg.terms || []).map(([term, token]) => [term.toLowerCase(), token]));
  const termPattern = tokens.size ? new RegExp("(?<![\\p{L}\\p{N}_.#+&@-])(?:" +
    (cfg.terms || []).map(([term]) => term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|") +
    ")(?![\\p{L}\\p{N}_#+&@-]|\\.[\\p{L}\\p{N}_])", "giu") : null;

  /* Chinese and Japanese characters are indexed one by one (learnshelf/search/languages.py). */
  const cjk = new RegExp(cfg.cjk, "gu");

  function indexed(query) {
    /* The query as the index spells it: each whole term replaced by its token, Chinese and
       Japanese characters apart. */
    if (!query) return query;
    const terms = termPattern ? query.replace(termPattern, (term) => " " + tokens.get(term.toLowerCase()) + " ") : query;
    return terms.replace(cjk, (c) => " " + c + " ").replace(/\s+/g, " ").trim();
  }

  const wordFiles = new Map();
  let insisted = null;  /* a query the reader asked to search as typed ("Search instead for") */

  function words(first) {
    /* The indexed words starting with `first`: {word: count} for a word every part can answer,
       {word: [count, [part numbers]]} for the others (learnshelf/search/vocabulary.py). */
    const name = first.codePointAt(0).toString(16) + ".json";
    if (!wordFiles.has(name)) {
      wordFiles.set(name, fetch(new URL(name, new URL(cfg.words, window.location.href)))
        .then((response) => (response.ok ? response.json() : {})).catch(() => ({})));
    }
    return wordFiles.get(name);
  }

  const cardCount = (entry) => (Array.isArray(entry) ? entry[0] : entry);
  const own = (known, word) => Object.prototype.hasOwnProperty.call(known, word);

  async function correction(query) {
    /* Each query word of `cfg.shortest` letters or more that the index lacks becomes the indexed
       word nearest to it (1 edit, 2 for words over 5 letters; swapped neighbours count as one),
       the most frequent among equals. Returns the corrected query, or null if nothing changes.
       Pagefind would otherwise answer a typo with cards of some prefix ("pyhton" -> "py"). */
    let changed = false;
    const out = await Promise.all(query.split(/\s+/).map(async (word) => {
      const w = word.toLowerCase();
      if (w.length < cfg.shortest || !/^[\p{L}\p{M}]+$/u.test(w) || new RegExp(cfg.cjk, "u").test(w)) return word;
      const known = await words(w);
      if (own(known, w)) return word;
      let best = null, bestDistance = w.length > 5 ? 2 : 1, bestCount = 0;
      for (const [term, entry] of Object.entries(known)) {
        if (term.length < cfg.shortest || Math.abs(term.length - w.length) > bestDistance || !/^[\p{L}\p{M}]+$/u.test(term)) continue;
        const d = distance(w, term);
        const n = cardCount(entry);
        if (d <= bestDistance && (best === null || d < bestDistance || n > bestCount)) {
          best = term; bestDistance = d; bestCount = n;
        }
      }
      if (best === null) return word;
      changed = true;
      return best;
    }));
    return changed ? out.join(" ") : null;
  }

  async function partsFor(query) {
    /* The index parts that can answer `query` (as the index spells it): those that can answer
       each of its words the vocabulary knows; null for all. A word it does not know (a prefix
       being typed, a word with punctuation) narrows nothing: Pagefind extends or drops it. */
    if (!query) return null;
    const asked = query.split(" ").map((word) => word.toLowerCase()).filter((w) => /^[\p{L}\p{M}\p{N}_]+$/u.test(w));
    const entries = await Promise.all(asked.map(async (w) => { const known = await words(w); return own(known, w) ? known[w] : null; }));
    let only = null;
    for (const entry of entries.filter(Array.isArray)) {
      only = only === null ? entry[1] : only.filter((number) => entry[1].includes(number));
    }
    return only;
  }

  function renderFacets(state, counts) {
    /* One collapsible group per facet. Values with no matching result are hidden, except in a
       group where something is ticked: there every value stays, to widen the choice. */
    const open = new Set([...facetsEl.querySelectorAll("details[open]")].map((d) => d.dataset.facet));
    facetsEl.textContent = "";
    cfg.facets.forEach((facet, position) => {
      const values = Object.keys(allFilters[facet] || {}).sort((a, b) => a.localeCompare(b));
      const ticked = state.filters[facet] || [];
      /* Counted: a facet no searched part holds has no value in these results. */
      const count = (value) => (counts ? (counts[facet] || {})[value] || 0 : allFilters[facet][value]);
      const shown = values.filter((v) => ticked.length || ticked.includes(v) || count(v) > 0);
      if (!shown.length) return;
      const group = el("details", {className: "ls-facet"});
      group.dataset.facet = facet;
      group.open = ticked.length > 0 || open.has(facet) || (open.size === 0 && position === 0);
      group.appendChild(el("summary", {}, (LABELS[facet] || facet) + (ticked.length ? " (" + ticked.length + " selected)" : "")));
      shown.forEach((value, index) => {
        const id = "ls-f-" + facet + "-" + index;
        const row = el("div", {className: "ls-facet-option"});
        const check = el("input", {type: "checkbox", id: id, value: value});
        check.dataset.facet = facet;
        check.checked = ticked.includes(value);
        const label = el("label", {htmlFor: id}, value);
        label.appendChild(el("span", {className: "ls-facet-count"}, " (" + count(value) + ")"));
        row.append(check, label);
        group.appendChild(row);
      });
      facetsEl.appendChild(group);
    });
    const active = Object.values(state.filters).reduce((sum, values) => sum + values.length, 0);
    toggle.textContent = "Filters" + (active ? " (" + active + " active)" : "");
    facetsEl.prepend(el("p", {className: "ls-facet-status", role: "status"}));
    pending(false);
  }

  function pending(waiting) {
    /* While the counts of the current results are computed, the panel says so and hides the
       old numbers rather than showing counts of another search. */
    facetsEl.toggleAttribute("data-pending", waiting);
    const status = facetsEl.querySelector(".ls-facet-status");
    if (status) status.textContent = waiting ? "Counting the filters for these results\u2026" : "";
  }

  function inLanguage(node, meta) {
    /* The card's own language (and direction) on its own text: screen readers and fonts follow it. */
    if (meta.lang) node.lang = meta.lang;
    if (meta.dir === "rtl") node.dir = "rtl";
    return node;
  }

  function resultItem(data) {
    /* Stable markup: li.ls-result[data-card-id] > h2 > a, then p.ls-result-facts and
       p.ls-result-summary. Other assets (the shelf) enhance results through data-card-id. */
    const item = el("li", {className: "ls-result"});
    if (data.meta.id) item.dataset.cardId = data.meta.id;
    const link = inLanguage(el("a", {href: data.url}, data.meta.title || data.url), data.meta);
    const heading = el("h2");
    heading.appendChild(link);
    item.appendChild(heading);
    if (data.meta.facts) item.appendChild(el("p", {className: "ls-result-facts"}, data.meta.facts));
    item.appendChild(inLanguage(el("p", {className: "ls-result-summary"}, data.meta.summary || ""), data.meta));
    return item;
  }

  function hidden() {
    /* Each index part has a hidden record of the words it lacks (see learnshelf/search/records.py). */
    const filters = {};
    for (const [name, value] of Object.entries(cfg.hidden || {})) filters[name] = {none: [value]};
    return filters;
  }

  async function search(state, note) {
    const mine = ++sequence;
    const filters = {};
    for (const [facet, values] of Object.entries(state.filters)) filters[facet] = {any: values};
    const hasFilters = Object.keys(filters).length > 0;
    Object.assign(filters, hidden());
    if (!state.q && !hasFilters) {
      renderFacets(state, null);
      resultsEl.textContent = "";
      resultsEl.appendChild(el("p", {className: "ls-hint"}, "Type a word, or pick a filter, to see resources."));
      root.dataset.counts = "shown";
      return;
    }
    if (/^[\p{L}\p{N}]$/u.test(state.q) && indexed(state.q) === state.q && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(state.q) && !hasFilters) {
      /* One letter would prefix-match nearly every card: ask for more instead (a CJK character is a word). */
      renderFacets(state, null);
      resultsEl.textContent = "";
      resultsEl.appendChild(el("p", {className: "ls-hint"}, "Type one more letter to search."));
      root.dataset.counts = "shown";
      return;
    }
    root.dataset.counts = "pending";
    pending(true);
    if (state.q && !note && state.q !== insisted) {
      const better = await correction(state.q);
      if (mine !== sequence) return;
      if (better) return search({q: better, filters: state.filters}, state.q);
    }
    /* No sort option: without a query Pagefind returns pages in index order, which is title
       order within each part (a sort would rank within each part only); each worker then merges
       its parts and languages by catalog order and answers with that order as the score.
       The groups' results are merged as Pagefind merges its parts: by score, ties in part order
       (so the first `shown` of each group are enough). */
    const only = await partsFor(indexed(state.q));
    if (mine !== sequence) return;
    const found = await Promise.all(finders.map((call) => call({type: "search", q: indexed(state.q) || null, filters: filters, top: shown, only: only})));
    if (mine !== sequence) return;
    const count = found.reduce((sum, group) => sum + group.total, 0);
    const top = found.flatMap((group, g) => group.scores.map((score, index) => ({score: score, g: g, index: index})))
      .sort((a, b) => b.score - a.score).slice(0, shown);
    const fetched = await Promise.all(finders.map((call, g) => call({type: "data", indexes: top.filter((t) => t.g === g).map((t) => t.index)})));
    const data = top.map((t) => fetched[t.g].shift());
    if (mine !== sequence) return;
    resultsEl.textContent = "";
    if (note) {
      /* "Showing results for python. Search instead for pyhton." */
      const line = el("p", {className: "ls-note"}, "Showing results for ");
      const instead = el("a", {href: "?q=" + encodeURIComponent(note), className: "ls-instead"}, note);
      instead.addEventListener("click", (event) => {
        event.preventDefault();
        insisted = note;
        input.value = note;
        update();
      });
      line.append(el("em", {}, state.q), ". Search instead for ", instead, ".");
      resultsEl.appendChild(line);
    }
    resultsEl.appendChild(el("p", {className: "ls-count"}, count + (count === 1 ? " resource" : " resources")));
    const list = el("ol", {className: "ls-result-list"});
    data.forEach((d) => list.appendChild(resultItem(d)));
    resultsEl.appendChild(list);
    if (count > shown) {
      const more = el("button", {type: "button", className: "md-button"}, "Show more");
      more.addEventListener("click", () => { shown += PAGE; search(state, note); });
      resultsEl.appendChild(more);
    }
    shownSearch = {state: state, filters: filters, mine: mine, only: only};
    clearTimeout(countTimer);
    countTimer = setTimeout(countLatest, COUNT_PAUSE);
    prepareLater();
  }

  function prepareLater() {
    /* Prepare the counting worker after PREPARE_PAUSE without a search or a count, so that the
       preparation never competes with a search for the processor. data-prepared marks its end
       (a failure shows in the count that needs it). */
    if (prepared) return;
    clearTimeout(prepareTimer);
    prepareTimer = setTimeout(() => {
      if (running || counting) { prepareLater(); return; }
      prepared = true;
      counter({type: "prepare"}).then(() => { root.dataset.prepared = "true"; }, () => {});
    }, PREPARE_PAUSE);
  }

  async function countLatest() {
    /* Counting facet values costs as much again as finding the results, so it runs in its own
       worker after they are shown, once typing pauses, for the latest search only (a count
       cannot be stopped, and one running while the reader types would slow the next search). */
    if (running) return;  /* that search schedules its own count */
    if (counting) { countAgain = true; return; }
    counting = true;
    try {
      do {
        countAgain = false;
        const {state, filters, mine, only} = shownSearch;
        const counted = await counter({type: "count", q: indexed(state.q) || null, filters: filters, only: only});
        if (mine === sequence) {
          renderFacets(state, counted);
          root.dataset.counts = "shown";
        }
      } while (countAgain);
    } finally {
      counting = false;
    }
  }

  async function update() {
    /* Search at once, one search at a time: input arriving meanwhile is searched when the
       running search ends (only the latest; Pagefind cannot stop a search once started). */
    if (running) { again = true; return; }
    running = true;
    try {
      do {
        again = false;
        const state = currentState();
        shown = PAGE;
        writeUrl(state);
        await search(state);
      } while (again);
    } finally {
      running = false;
    }
  }

  function worker(folders, eager) {
    /* A search worker (search-worker.js) over the index parts in `folders`, with their Pagefinds
       made at once when `eager` (else as requests need them); returns a function sending it a
       request and resolving to its answer, and the answer to starting it. */
    const thread = new Worker(new URL("search-worker.js", script), {type: "module"});
    const pending = new Map();
    let last = 0;
    thread.onmessage = (event) => {
      const {id, result, error} = event.data;
      const waiting = pending.get(id);
      pending.delete(id);
      if (error === undefined) waiting.resolve(result); else waiting.reject(new Error(error));
    };
    thread.onerror = (event) => pending.forEach((waiting) => waiting.reject(new Error(event.message || "the search worker failed")));
    const call = (request) => new Promise((resolve, reject) => {
      pending.set(++last, {resolve: resolve, reject: reject});
      thread.postMessage(Object.assign({id: last}, request));
    });
    const path = (folder) => new URL(folder, window.location.href).pathname;
    const paths = folders.map(([folder, language, number]) => [path(folder), language, number]);
    const stubs = Object.fromEntries(Object.entries(cfg.stubs).map(([language, folder]) => [language, path(folder)]));
    const started = call({type: "start", bundle: new URL("pagefind.js", bundle).href, folders: paths, stubs: stubs,
                          baseUrl: siteRoot.pathname, eager: eager});
    return [call, started];
  }

  async function start() {
    /* A large library's index comes in parts (see learnshelf/search/records.py), searched in groups. */
    const groups = cfg.groups;  /* [[[folder, language, part number]]] */
    /* The finders make their Pagefinds before the page is ready; the counter makes its own (and
       loads the filter chunks) later (prepareLater, or as a count needs them): the library-wide
       counts come with the page, and a search's counts are shown after its results anyway. */
    const threads = [...groups.map((folders) => worker(folders, true)), worker(groups.flat(), false)];
    await Promise.all(threads.map(([, started]) => started));
    finders = threads.slice(0, -1).map(([call]) => call);
    counter = threads[threads.length - 1][0];
    const state = readUrl();
    input.value = state.q;
    renderFacets(state, null);
    root.querySelector("form").addEventListener("submit", (event) => { event.preventDefault(); update(); });
    input.addEventListener("input", update);
    facetsEl.addEventListener("change", update);
    const fallback = root.nextElementSibling;
    if (fallback && fallback.tagName === "P") fallback.hidden = true;
    if (cfg.warmup && !state.q && !Object.keys(state.filters).length) {
      /* A browser compiles Pagefind's WebAssembly fully only once it has run a while: one
         throwaway search per worker makes the reader's first search as fast as later ones. */
      await Promise.all(finders.map((call) => call({type: "search", q: cfg.warmup, filters: hidden(), top: 0})));
    }
    root.dataset.ready = "true";
    prepareLater();
    await search(state);
  }

  start().catch((error) => {
    resultsEl.textContent = "";
    resultsEl.appendChild(el("p", {className: "ls-error"}, "Search could not start: " + error.message));
  });
})();
