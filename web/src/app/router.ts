import { useEffect, useMemo, useState } from 'react';

/** The app's screens are paths (`/incidents`); the server answers every such path with the app. */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return path;
}

export function navigate(to: string) {
  if (to === location.pathname + location.search) return;
  history.pushState(null, '', to);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The query of the current address, for screens that keep their filters in it (shareable links). */
export function useQuery(): URLSearchParams {
  // Its own state: a new query on the same path (a filter applied) must render again too.
  const [search, setSearch] = useState(location.search);
  useEffect(() => {
    const update = () => setSearch(location.search);
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return useMemo(() => new URLSearchParams(search), [search]);
}
