import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ErrorState } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { formatNumber } from '../i18n/format.js';
import type { Person } from '../registry/kinds.js';
import type { FieldOf } from '../common/form-fields.js';

/** Shown at most: a longer list is narrowed by the name typed. */
const shownPersons = 60;

/** The passengers: persons in the country from the registry, found by name, ticked. */
export function PassengerPicker({
  chosen,
  onChange,
  field,
  problem,
}: {
  chosen: string[];
  onChange: (change: (list: string[]) => string[]) => void;
  field: FieldOf;
  problem?: string;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const persons = useApi(
    async () =>
      (await api.get('/api/v1/persons', {}, { limit: 500, status: 'in_country' })) as { items: Person[] },
    [],
  );
  const text = filter.trim().toLowerCase();
  const candidates = (persons.data?.items ?? []).filter(
    (p) =>
      chosen.includes(p.id) ||
      !text ||
      (p.name ?? '').toLowerCase().includes(text) ||
      (p.nativeName ?? '').toLowerCase().includes(text),
  );
  return (
    <fieldset className={problem ? 'field-invalid' : undefined}>
      <legend>
        {t('movements.form.passengersChosen', {
          count: chosen.length,
          formatted: formatNumber(chosen.length),
        })}
      </legend>
      {field('passengerFilter', t('movements.form.findPerson'), (id) => (
        <input id={id} type="search" dir="auto" value={filter} onChange={(e) => setFilter(e.target.value)} />
      ))}
      {persons.error !== undefined && <ErrorState error={persons.error} onRetry={persons.reload} />}
      <ul className="passenger-choices">
        {candidates.slice(0, shownPersons).map((p) => (
          <li key={p.id}>
            <label>
              <input
                type="checkbox"
                checked={chosen.includes(p.id)}
                onChange={(e) =>
                  onChange((list) => (e.target.checked ? [...list, p.id] : list.filter((id) => id !== p.id)))
                }
              />{' '}
              <span dir="auto">{p.name ?? t('movements.detail.personNotShown')}</span>
              {p.nativeName && (
                <span className="hint" dir="auto">
                  {' '}
                  {p.nativeName}
                </span>
              )}
            </label>
          </li>
        ))}
      </ul>
      {problem && <p className="field-error">{problem}</p>}
    </fieldset>
  );
}
