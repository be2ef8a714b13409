/** The tables whose writes are counted (see data-version.ts). */
export type VersionedTable = 'parties' | 'persons' | 'sites' | 'units';

/** Row shape of the data versions table, exactly as stored. */
export interface DataVersionRow {
  name: VersionedTable;
  value: number | string | bigint;
}

export interface DataVersionTables {
  data_versions: DataVersionRow;
}
