import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/format.js';
import { type FieldIssue, type FieldOf, invalid } from '../common/form-fields.js';

export interface CheckpointValues {
  name: string;
  lat: string;
  lon: string;
  plannedAt: string;
}
export interface VehicleValues {
  label: string;
  armoured: boolean;
}

type SetList<T> = (change: (list: T[]) => T[]) => void;

/** Replaces row `i` of a list with the change applied. */
const changeRow =
  <T,>(i: number, change: Partial<T>) =>
  (list: T[]) =>
    list.map((x, j) => (j === i ? { ...x, ...change } : x));

/** The checkpoints, in order: each a name, a planned time and a point; added here or by a click on the map. */
export function CheckpointRows({
  rows,
  setRows,
  field,
  issues,
}: {
  rows: CheckpointValues[];
  setRows: SetList<CheckpointValues>;
  field: FieldOf;
  issues: FieldIssue[];
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('movements.field.checkpoints')}</legend>
      {rows.length === 0 && <p className="hint">{t('movements.form.checkpointHelp')}</p>}
      <ol className="row-list">
        {rows.map((c, i) => {
          const set = (change: Partial<CheckpointValues>) => setRows(changeRow(i, change));
          const rowProblem = issues.find((issue) => issue.field === `checkpoints.${i}`)?.message;
          const text = (key: 'name' | 'lat' | 'lon', label: string, decimal: boolean) =>
            field(`checkpoints.${i}.${key}`, label, (id, described) => (
              <input
                id={id}
                {...(decimal ? { inputMode: 'decimal' as const } : { dir: 'auto' })}
                value={c[key]}
                {...invalid(described)}
                onChange={(e) => set({ [key]: e.target.value })}
              />
            ));
          return (
            <li key={i} className={rowProblem ? 'field-invalid' : undefined}>
              <div className="field-grid">
                {text('name', t('movements.checkpoint.name'), false)}
                {field(`checkpoints.${i}.plannedAt`, t('movements.checkpoint.plannedAt'), (id, described) => (
                  <input
                    id={id}
                    type="datetime-local"
                    value={c.plannedAt}
                    {...invalid(described)}
                    onChange={(e) => set({ plannedAt: e.target.value })}
                  />
                ))}
                {text('lat', t('movements.form.lat'), true)}
                {text('lon', t('movements.form.lon'), true)}
              </div>
              {rowProblem && <p className="field-error">{rowProblem}</p>}
              <button type="button" onClick={() => setRows((list) => list.filter((_, j) => j !== i))}>
                {t('movements.form.removeCheckpoint', { number: formatNumber(i + 1) })}
              </button>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="add-checkpoint"
        onClick={() => setRows((list) => [...list, { name: '', lat: '', lon: '', plannedAt: '' }])}
      >
        {t('movements.form.addCheckpoint')}
      </button>
    </fieldset>
  );
}

/** The vehicles: each a label and whether it is armoured; at least one. */
export function VehicleRows({
  rows,
  setRows,
  field,
  problem,
}: {
  rows: VehicleValues[];
  setRows: SetList<VehicleValues>;
  field: FieldOf;
  problem: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  // The list itself refused (none given), not one of its rows.
  const listRefused = problem('vehicles') && !rows.some((_, i) => problem(`vehicles.${i}`));
  return (
    <fieldset className={listRefused ? 'field-invalid' : undefined}>
      <legend>{t('movements.field.vehicles')}</legend>
      <ol className="row-list">
        {rows.map((v, i) => {
          const set = (change: Partial<VehicleValues>) => setRows(changeRow(i, change));
          return (
            <li key={i}>
              <div className="field-grid">
                {field(`vehicles.${i}.label`, t('movements.form.vehicleLabel'), (id, described) => (
                  <input
                    id={id}
                    dir="auto"
                    value={v.label}
                    {...invalid(described)}
                    onChange={(e) => set({ label: e.target.value })}
                  />
                ))}
                <label className="check">
                  <input
                    type="checkbox"
                    checked={v.armoured}
                    onChange={(e) => set({ armoured: e.target.checked })}
                  />{' '}
                  {t('movements.form.armoured')}
                </label>
              </div>
              {rows.length > 1 && (
                <button type="button" onClick={() => setRows((list) => list.filter((_, j) => j !== i))}>
                  {t('movements.form.removeVehicle', { number: formatNumber(i + 1) })}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={() => setRows((list) => [...list, { label: '', armoured: false }])}>
        {t('movements.form.addVehicle')}
      </button>
    </fieldset>
  );
}
