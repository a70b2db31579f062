import { useEffect, useState } from 'react';

/**
 * Loads when the component mounts and whenever `deps` change. An answer that arrives after a newer request
 * was made is dropped (a slow search never overwrites a faster, later one); a failure is kept to be shown
 * instead of leaving the page on "Loading…". The previous data stays while the next request runs.
 */
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null });
  useEffect(() => {
    let current = true;
    load().then(
      (data) => { if (current) setState({ data, error: null }); },
      (error) => { if (current) setState((s) => ({ data: s.data, error: error.message })); },
    );
    return () => { current = false; };
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps
  return state;
}

/** Waits, so typing in a search box sends one request when the typing pauses. */
export const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
