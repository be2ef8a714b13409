import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError } from '../api/client.js';
import type { components } from '../api/schema.js';

export type Me = components['schemas']['User'] & {
  partyKind: 'host' | 'partner';
  secondFactorOk: boolean;
};

interface Session {
  me: Me | null;
  /** `undefined` until the first answer: the app shows nothing rather than a flash of the sign-in form. */
  checked: boolean;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [checked, setChecked] = useState(false);
  const refresh = useCallback(async () => {
    try {
      setMe((await api.get('/api/v1/me')) as Me);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      setMe(null);
    } finally {
      setChecked(true);
    }
  }, []);
  const signOut = useCallback(async () => {
    await api.delete('/api/v1/sessions/current').catch(() => undefined);
    setMe(null);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return (
    <SessionContext.Provider value={{ me, checked, refresh, signOut }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for screens shown after sign-in. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe before sign-in');
  return me;
}
