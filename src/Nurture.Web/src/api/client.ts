// The server's API, typed from its OpenAPI document (schema.d.ts, generated at build time): a call names a
// route the server has, with the parameters and body it takes, and gets back the shape it answers.
// Changes send the antiforgery token; a 401 outside the account routes goes to the sign-in page.
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

/** The JSON body a route takes, as its OpenAPI description says. */
export type BodyOf<P extends keyof paths, M extends 'post' | 'put'> =
  paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

let csrfToken: string | null = null;

export const api = createClient<paths>({ credentials: 'same-origin', headers: { Accept: 'application/json' } });

api.use({
  async onRequest({ request }) {
    if (request.method !== 'GET') {
      if (!csrfToken) await refreshCsrf();
      request.headers.set('X-XSRF-TOKEN', csrfToken ?? '');
    }
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/account/')) {
      window.location.assign(`/login?returnUrl=${encodeURIComponent(window.location.pathname)}`);
    }
    return response;
  },
});

/** Asks for a new antiforgery token: at start, and after signing in or out (the token names the user). */
export async function refreshCsrf(): Promise<void> {
  const response = await fetch('/api/account/antiforgery', { credentials: 'same-origin' });
  csrfToken = ((await response.json()) as Schemas['AntiforgeryToken']).token;
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The answer's body, or an ApiError carrying the problem the server described. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, error);
  return data as T;
}

type ProblemBody = { title?: string; detail?: string; errors?: unknown };

export class ApiError extends Error {
  readonly status: number;
  readonly body: ProblemBody | null;

  constructor(status: number, body: unknown) {
    const problem: ProblemBody | null = typeof body === 'string' ? { detail: body } : (body as ProblemBody | null) ?? null;
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.body = problem;
  }

  /** The `errors` list some routes answer with (journeys, templates): each names where it is. */
  get errors(): Schemas['ErrorBody'][] {
    return Array.isArray(this.body?.errors) ? (this.body.errors as Schemas['ErrorBody'][]) : [];
  }

  /** What went wrong as sentences: a validation problem's messages per field, an error list's texts, else the title. */
  get messages(): string[] {
    const errors = this.body?.errors;
    if (Array.isArray(errors) && errors.length) {
      return errors.map((e: string | { text?: string; message?: string }) => (typeof e === 'string' ? e : e.text ?? e.message ?? ''));
    }
    if (errors && typeof errors === 'object') return Object.values(errors as Record<string, string[]>).flat();
    return [this.message];
  }
}

/** An error's text, whatever was thrown. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
