// The page's one way of asking the API for JSON, and the error it fails with.

/** An API error carrying the message from the server's JSON error body. */
export class ApiError extends Error {
  constructor(message, { status = 0, code = '' } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/**
 * Fetches JSON from a URL relative to the page (a GET, or what `init` says). Rejects with
 * ApiError carrying the server's error message for non-2xx answers, and passes AbortError
 * through untouched.
 */
export async function getJSON(url, signal, init = {}) {
  let response;
  try {
    response = await fetch(url, { ...init, signal, headers: { Accept: 'application/json', ...init.headers } });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError('', { status: 0, code: 'network' });
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    body = null;
  }
  if (!response.ok) {
    const message = body?.error?.message || `HTTP ${response.status} ${response.statusText}`.trim();
    throw new ApiError(message, { status: response.status, code: body?.error?.code || '' });
  }
  if (body === null) throw new ApiError(`invalid JSON from ${url}`, { status: response.status, code: 'bad_json' });
  return body;
}
