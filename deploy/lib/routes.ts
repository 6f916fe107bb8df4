/**
 * The HTTP API routes, as data. This list mirrors internal/web/routes.go; the
 * tests compare it with `cloudresume routes --json` and with the synthesized
 * template, so a route added to the Go server without being added here (or the
 * other way round) fails the build.
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route {
  readonly method: Method;
  /** API Gateway path, with `{name}` parameters like Go's ServeMux patterns. */
  readonly path: string;
  /** Admin routes require a Cognito JWT, checked by API Gateway. */
  readonly admin: boolean;
}

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/healthz', admin: false },
  { method: 'GET', path: '/api/visits', admin: false },
  { method: 'POST', path: '/api/visits', admin: false },
  { method: 'GET', path: '/api/resume', admin: false },
  { method: 'POST', path: '/api/contact', admin: false },
  { method: 'GET', path: '/api/contact/token', admin: false },
  { method: 'GET', path: '/api/movies', admin: false },
  { method: 'GET', path: '/api/movies/{id}', admin: false },
  { method: 'PATCH', path: '/api/movies/{id}', admin: true },
  { method: 'GET', path: '/api/admin/messages', admin: true },
  { method: 'POST', path: '/api/admin/messages/{id}/read', admin: true },
  { method: 'GET', path: '/api/admin/stats', admin: true },
];

/** "GET /api/movies/{id}": the form of an API Gateway route key. */
export function routeKey(r: { method: string; path: string }): string {
  return `${r.method} ${r.path}`;
}
