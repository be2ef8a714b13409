import { useCallback, useState } from 'react';

/**
 * A change the viewer starts (create, revoke, reset…): whether it is under way, and its error to
 * show beside the form. `run` answers the action's result, or undefined when it failed.
 */
export function useAction() {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setError(undefined);
    setBusy(true);
    try {
      return await action();
    } catch (caught) {
      setError(caught);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, error, busy };
}
