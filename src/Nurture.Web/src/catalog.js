import { useEffect, useState } from 'react';
import { get } from './api.js';

// What the server defines (lifecycle stages in order, trigger types with their fields, scores), from
// GET /api/catalog: the app keeps no copy of its own. Fetched once per page load, again after a failure.
let pending = null;

export function loadCatalog() {
  pending ??= get('/api/catalog').then((catalog) => ({
    ...catalog,
    triggerFields: Object.fromEntries(catalog.triggers.map((t) => [t.type, t.fields])),
  })).catch((error) => { pending = null; throw error; });
  return pending;
}

/** The catalog, or null while it loads (lists then show no options yet). */
export function useCatalog() {
  const [catalog, setCatalog] = useState(null);
  useEffect(() => {
    let current = true;
    loadCatalog().then((c) => { if (current) setCatalog(c); }, () => {});
    return () => { current = false; };
  }, []);
  return catalog;
}
