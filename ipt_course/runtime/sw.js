/* The book's service worker. The Sphinx extension writes it to the site's root (a worker controls only
   the pages under its own folder) with VERSION and FILES set above this text: FILES is every page of
   the book and everything those pages load, VERSION a digest of all of them. Not bundled by
   `make runtime`: it is copied as it is.

   One complete copy of the book per version: installing fetches every file or fails as a whole, and
   every request is answered from the version this worker installed. A new build's worker waits until
   the reader chooses to reload (the page asks it with "ipt-activate"), so a page of one version never
   loads a file of another. Nothing is sent anywhere: the worker only answers the book's own requests. */
const CACHE = `ipt-course-${VERSION}`;
const ROOT = new URL("./", self.location).href;

self.addEventListener("install", event => {
  const fresh = FILES.map(file => new Request(new URL(file, ROOT), { cache: "reload" }));   // never the HTTP cache's older copy
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(fresh)));
});

self.addEventListener("message", event => {
  if (event.data === "ipt-activate") self.skipWaiting();
});

self.addEventListener("activate", event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(key => key.startsWith("ipt-course-") && key !== CACHE).map(key => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", event => {
  if (event.request.method === "GET" && event.request.url.startsWith(ROOT)) event.respondWith(answer(event.request));
});

async function answer(request) {
  const url = new URL(request.url);
  url.search = "";   // pages ask for assets with ?v=… digests; the copy is kept once
  url.hash = "";
  if (url.pathname.endsWith("/")) url.pathname += "index.html";
  return (await caches.open(CACHE).then(cache => cache.match(url.href))) ?? fetch(request);
}
