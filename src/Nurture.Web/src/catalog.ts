// What the server defines (lifecycle stages in order, trigger types with their fields, scores, pages and
// their roles), from GET /api/catalog: the app keeps no copy of its own. Fetched once per page load.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from './api/client';
import { queryClient } from './api/queries';

export type Catalog = Schemas['Catalog'] & {
  /** The fields each trigger type keeps, by type. */
  triggerFields: Record<string, string[]>;
};

export const catalogQuery = {
  queryKey: ['catalog'],
  queryFn: async ({ signal }: { signal: AbortSignal }): Promise<Catalog> => {
    const catalog = await unwrap(api.GET('/api/catalog', { signal }));
    return { ...catalog, triggerFields: Object.fromEntries(catalog.triggers.map((t) => [t.type, t.fields])) };
  },
  staleTime: Infinity,
};

export const loadCatalog = (): Promise<Catalog> => queryClient.fetchQuery(catalogQuery);

/** The catalog, or undefined while it loads (lists then show no options yet). */
export const useCatalog = (): Catalog | undefined => useQuery(catalogQuery).data;
