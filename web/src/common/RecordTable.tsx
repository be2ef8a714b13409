import type { ReactNode } from 'react';
import { Empty, ErrorState, Loading } from './States.js';
import type { Loaded } from './useApi.js';
import './table.css';

/**
 * A list's table with its loading, error and empty states: headed columns, a caption for screen
 * readers, sideways scrolling on a narrow screen; the rows stay while a reload runs.
 */
export function RecordTable<T>({
  loaded,
  rows,
  caption,
  empty,
  headers,
  children,
}: {
  loaded: Pick<Loaded<unknown>, 'error' | 'loading' | 'reload'>;
  rows: readonly T[] | undefined;
  caption: string;
  empty: string;
  headers: readonly string[];
  children: (row: T) => ReactNode;
}) {
  return (
    <>
      {loaded.error !== undefined && <ErrorState error={loaded.error} onRetry={loaded.reload} />}
      {!rows && loaded.loading && <Loading />}
      {rows && rows.length === 0 && <Empty>{empty}</Empty>}
      {rows && rows.length > 0 && (
        <div className="table-scroll">
          <table className="record-table">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                {headers.map((header) => (
                  <th scope="col" key={header}>
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{rows.map(children)}</tbody>
          </table>
        </div>
      )}
    </>
  );
}
