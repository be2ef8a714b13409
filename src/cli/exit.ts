import { AppError, isAppError } from '../platform/errors.js';

/** Exit statuses by error class, documented in `jsms --help`. */
export function exitStatusOf(error: unknown): number {
  if (!isAppError(error)) return 1;
  if (error.status === 400) return 2;
  if (error.status === 401 || error.status === 403) return 3;
  if (error.status === 404) return 4;
  if (error.status === 409) return 5;
  return 1;
}

/** One line for an error: the code, the message, and the field or row at fault. */
export function errorLine(error: unknown): string {
  if (error instanceof AppError) {
    const where = error.details?.field ? ` (field ${String(error.details.field)})` : '';
    const row = error.details?.row ? ` (row ${String(error.details.row)})` : '';
    return `jsms: ${error.code}: ${error.message}${where}${row}`;
  }
  return `jsms: ${error instanceof Error ? error.message : String(error)}`;
}

type Action = (...args: never[]) => Promise<void>;

/**
 * A command's action, imported only when the command runs: `--help` and `--version` then load
 * no service, driver or server. Errors print one line and set a non-zero exit status.
 */
export function lazyAction<K extends string, M extends Record<K, Action>>(
  load: () => Promise<M>,
  name: K,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    try {
      const module = await load();
      await (Reflect.apply(module[name], module, args) as Promise<void>);
    } catch (error) {
      process.stderr.write(errorLine(error) + '\n');
      process.exitCode = exitStatusOf(error);
    }
  };
}
