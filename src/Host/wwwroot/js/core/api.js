// Reading the API. Answers are cached per view visit (the router clears the cache on navigation), so views that
// share a document fetch it once.
const cache = new Map();

/** An API error with its HTTP status and the problem's detail. */
export class ApiError extends Error {
  constructor(url, status, detail) {
    super(`${url}: ${status}${detail ? ' ' + detail : ''}`);
    this.status = status;
  }
}

/** The JSON answer of url; rejects with ApiError on a non-2xx status. */
export function getJson(url) {
  if (!cache.has(url)) {
    const request = fetch(url, { headers: { Accept: 'application/json' } }).then(async response => {
      if (!response.ok) {
        let detail = '';
        try {
          detail = (await response.json()).detail || '';
        } catch {
          // not a problem document
        }
        throw new ApiError(url, response.status, detail);
      }
      return response.json();
    });
    request.catch(() => cache.delete(url));
    cache.set(url, request);
  }
  return cache.get(url);
}

/** The JSON answer of url, or null when the API answers 404 (no such data stored) or 503 (not computed yet). */
export async function getOptional(url) {
  try {
    return await getJson(url);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 503)) {
      return null;
    }
    throw error;
  }
}

/** Forgets every cached answer. */
export function clearCache() {
  cache.clear();
}
