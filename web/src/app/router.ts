import { useEffect, useState } from 'react';

/** The address in view, path and query: a change of either re-renders (a filter is a query change). */
function useAddress(): string {
  const [address, setAddress] = useState(location.pathname + location.search);
  useEffect(() => {
    const update = () => setAddress(location.pathname + location.search);
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return address;
}

/** The app's screens are paths (`/incidents`); the server answers every such path with the app. */
export function usePath(): string {
  useAddress();
  return location.pathname;
}

export function navigate(to: string) {
  if (to === location.pathname + location.search) return;
  history.pushState(null, '', to);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The query of the current address, for screens that keep their filters in it (shareable links). */
export function useQuery(): URLSearchParams {
  useAddress();
  return new URLSearchParams(location.search);
}
