// Reads go through TanStack Query: each is keyed by what it asks, so a slower answer to an older search
// never replaces a newer one; a query that is no longer wanted is cancelled (the signal aborts its fetch);
// a failure is an error to show, never a page left on "Loading…".
import { QueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';

export const queryClient = new QueryClient({
  defaultOptions: {
    // Retries would hide a real failure behind seconds of "Loading…"; the user can reload.
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 },
  },
});

/** The journeys and drafts: listed on their page, offered as a filter on the leads'. */
export const journeysQuery = {
  queryKey: ['journeys'],
  queryFn: ({ signal }: { signal: AbortSignal }) => unwrap(api.GET('/api/journeys', { signal })),
};
