import type { ReactNode } from 'react';
import './DataTable.css';

export interface DataRow {
  key: string;
  /** The row's cells: the first heads the row (read out with each of the others). */
  cells: ReactNode[];
}

/**
 * A table with its caption, column headers and row headers, scrolling sideways on its own when a
 * narrow screen cannot hold it. `hideCaption` keeps the caption for screen readers only, where a
 * heading above already names the table.
 */
export function DataTable(props: {
  caption: string;
  hideCaption?: boolean;
  columns: string[];
  rows: DataRow[];
  className?: string;
}) {
  return (
    <div className="table-scroll">
      <table className={`data-table ${props.className ?? ''}`}>
        <caption className={props.hideCaption ? 'visually-hidden' : undefined}>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={i}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
