/* Learnshelf search worker: one Pagefind over some parts of the index, in its own thread.
   Started by search.js as a module worker. Pagefind runs here in-thread (it starts no worker of
   its own outside a page), so the page receives only what it shows: the result count, the
   scores it merges by, the data of the results it displays, or the facet counts. */
let pagefind = null;
let results = [];

const handlers = {
  async start({bundle, folders, baseUrl, counts}) {
    pagefind = await import(bundle);
    await pagefind.options({baseUrl: baseUrl, basePath: folders[0]});
    await pagefind.init();
    await Promise.all(folders.slice(1).map((folder) => pagefind.mergeIndex(folder, {baseUrl: baseUrl})));
    return counts ? await pagefind.filters() : null;
  },
  async search({q, filters, top}) {
    results = (await pagefind.search(q, {filters: filters})).results;
    return {total: results.length, scores: results.slice(0, top).map((result) => result.score)};
  },
  async data({indexes}) {
    return Promise.all(indexes.map((index) => results[index].data()));
  },
  async count({q, filters}) {
    return (await pagefind.search(q, {filters: filters})).filters;
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
