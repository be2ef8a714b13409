import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, type Answer } from '../api/client.js';
import i18n from '../i18n/i18n.js';

/** The signed-in user, as `GET /api/v1/me` answers. */
export type Me = Answer<'/api/v1/me', 'get'>;

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
      const signedIn = await api.get('/api/v1/me');
      // The language kept with the account wins over this browser's: it follows the user.
      if (signedIn.language && signedIn.language !== i18n.language)
        await i18n.changeLanguage(signedIn.language);
      setMe(signedIn);
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
