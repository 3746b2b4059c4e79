/* Learnshelf search worker: Pagefinds over some parts of the index, in their own thread.
   Started by search.js as a module worker. Pagefind runs here in-thread (it starts no worker of
   its own outside a page), so the page receives only what it shows: the result count, the
   scores it merges by, the data of the results it displays, or the facet counts.

   Each part gets its own Pagefind, so that a query searches only the parts that can answer it
   (the page names them, from the vocabulary): a Pagefind searches every index it holds. Each is
   a copy of pagefind.js (a module of its own, as its WebAssembly is global to the script)
   started from its language's stub bundle, which holds
   that language's WebAssembly (one URL for all its parts) and no card, with the part merged.
   A worker asked to start `eager` makes every part's Pagefind at once (the ones finding
   results, so the first search is as fast as the next); otherwise each is made when a request
   first needs its part, or when asked to `prepare` (the one counting facet values: the page
   asks it once the reader pauses). */
let specs = new Map();  /* part number -> [bundle folder, language] */
let made = new Map();  /* part number -> Promise of its Pagefind */
let setup = null;  /* {bundle, stubs, baseUrl} */
let results = [];

let source = null;

async function pagefindFor(bundle, language, stub, folder, baseUrl) {
  /* The script is fetched once; each copy is a module of its own at its own blob: URL (a query
     string per copy would fetch the script again for each part). Its bundle folder is given
     (basePath), so it never reads it from its own URL. */
  source = source || fetch(bundle).then((response) => response.text());
  const copy = URL.createObjectURL(new Blob([await source], {type: "text/javascript"}));
  const pagefind = await import(copy);
  URL.revokeObjectURL(copy);
  await pagefind.options({baseUrl: baseUrl, basePath: stub});
  /* Outside a page Pagefind cannot be told a language: it reads <html lang> as it starts, in
     init's first, synchronous step (else it picks the language with most pages). A stand-in
     `document` answers with ours for that step only. */
  self.document = {currentScript: null, querySelector: () => ({getAttribute: () => language})};
  let started;
  try {
    started = pagefind.init();
  } finally {
    delete self.document;
  }
  await started;
  /* Merged by full URL: Pagefind skips a merge whose path begins the first bundle's path. */
  await pagefind.mergeIndex(new URL(folder, self.location.href).href, {baseUrl: baseUrl, language: language});
  return pagefind;
}

function pagefindOf(number) {
  /* The part's Pagefind, made the first time it is asked for. */
  if (!made.has(number)) {
    const [folder, language] = specs.get(number);
    made.set(number, pagefindFor(setup.bundle, language, setup.stubs[language], folder, setup.baseUrl));
  }
  return made.get(number);
}

const filtersLoaded = new WeakMap();  /* Pagefind -> Promise of its filter chunks, loaded */

function counting(pagefind) {
  /* The Pagefind, once it holds every filter chunk of its part: a search counts the values of
     the filters it has loaded only (those it was asked to filter by, else). */
  if (!filtersLoaded.has(pagefind)) filtersLoaded.set(pagefind, pagefind.filters());
  return filtersLoaded.get(pagefind).then(() => pagefind);
}

function chosen(only) {
  /* The Pagefinds of the parts to search: those named, or all. */
  const numbers = [...specs.keys()];
  return Promise.all((only ? numbers.filter((number) => only.includes(number)) : numbers).map(pagefindOf));
}

function addCounts(all) {
  /* Facet counts of several Pagefinds, summed. */
  const out = {};
  for (const counts of all) {
    for (const [facet, values] of Object.entries(counts || {})) {
      const into = out[facet] = out[facet] || {};
      for (const [value, n] of Object.entries(values)) into[value] = (into[value] || 0) + n;
    }
  }
  return out;
}

async function inTitleOrder(lists, top) {
  /* Results without a query come in index (title) order from each part: merge the first
     `top` by the catalog order the records carry; the rest only count. */
  const heads = lists.map(() => 0);
  const order = async (result) => (await result.data()).meta.order;
  const out = [];
  while (out.length < top) {
    let best = -1, bestOrder = null;
    for (let l = 0; l < lists.length; l++) {
      if (heads[l] >= lists[l].length) continue;
      const mine = await order(lists[l][heads[l]]);
      if (best < 0 || mine < bestOrder) { best = l; bestOrder = mine; }
    }
    if (best < 0) break;
    out.push(lists[best][heads[best]++]);
  }
  return out.concat(lists.flatMap((list, l) => list.slice(heads[l])));
}

const handlers = {
  async start({bundle, folders, stubs, baseUrl, eager}) {
    /* folders: [[path, language, part number]]; a part without a language (an empty library) has no index. */
    setup = {bundle: bundle, stubs: stubs, baseUrl: baseUrl};
    specs = new Map(folders.filter(([, language]) => language).map(([path, language, number]) => [number, [path, language]]));
    if (eager) await chosen(null);
    return null;
  },
  async prepare() {
    /* Every part's Pagefind, with its filter chunks, so that counts need no more fetches. */
    await Promise.all((await chosen(null)).map(counting));
    return null;
  },
  async search({q, filters, top, only}) {
    const found = await Promise.all((await chosen(only)).map(async (pagefind) => (await pagefind.search(q, {filters: filters})).results));
    if (q !== null) {
      results = found.flat().sort((a, b) => b.score - a.score);
      return {total: results.length, scores: results.slice(0, top).map((result) => result.score)};
    }
    /* Without a query the page merges the groups by catalog order: a higher "score" comes first. */
    results = await inTitleOrder(found, top);
    const orders = await Promise.all(results.slice(0, top).map(async (result) => -Number((await result.data()).meta.order)));
    return {total: results.length, scores: orders};
  },
  async data({indexes}) {
    return Promise.all(indexes.map((index) => results[index].data()));
  },
  async count({q, filters, only}) {
    const pagefinds = await Promise.all((await chosen(only)).map(counting));
    return addCounts(await Promise.all(pagefinds.map(async (pagefind) => (await pagefind.search(q, {filters: filters})).filters)));
  },
};

async function answer(request) {
  try {
    self.postMessage({id: request.id, result: await handlers[request.type](request)});
  } catch (error) {
    self.postMessage({id: request.id, error: String((error && error.message) || error)});
  }
}

/* One request at a time, in order: a "data" request reads the results of the search sent
   before it, never those of a search that overtook it. */
let queue = Promise.resolve();
self.onmessage = (event) => { queue = queue.then(() => answer(event.data)); };
