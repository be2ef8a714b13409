import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../app/router.js';
import { choices, filterNames, searchOf, type ReportQuery } from './reportQuery.js';

/** The report's period, comparison, estimate and filters; showing a report puts them in the address. */
export function ReportControls({ query }: { query: ReportQuery }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Record<string, string | undefined>>({ ...query });
  const set = (name: string) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [name]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`/reports?${searchOf(draft)}`);
  };
  return (
    <form className="report-controls" onSubmit={submit} aria-label={t('reports.controls')}>
      <label>
        {t('reports.from')}
        <input type="date" name="from" required value={draft.from ?? ''} onChange={set('from')} />
      </label>
      <label>
        {t('reports.to')}
        <input type="date" name="to" required value={draft.to ?? ''} onChange={set('to')} />
      </label>
      <label>
        {t('reports.compare')}
        <select name="compare" value={draft.compare} onChange={set('compare')}>
          <option value="previous">{t('reports.compareOptions.previous')}</option>
          <option value="none">{t('reports.compareOptions.none')}</option>
        </select>
      </label>
      <label>
        {t('reports.estimate')}
        <select name="estimate" value={draft.estimate} onChange={set('estimate')}>
          {(['low', 'best', 'high'] as const).map((e) => (
            <option key={e} value={e}>
              {t(`reports.estimates.${e}`)}
            </option>
          ))}
        </select>
      </label>
      {filterNames.map((name) =>
        name in choices ? (
          <label key={name}>
            {t(`reports.filters.${name}`)}
            <select name={name} value={draft[name] ?? ''} onChange={set(name)}>
              <option value="">{t('reports.any')}</option>
              {choices[name as keyof typeof choices].values.map((value) => (
                <option key={value} value={value}>
                  {t(`${choices[name as keyof typeof choices].labels}.${value}`)}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label key={name}>
            {t(`reports.filters.${name}`)}
            <input type="text" name={name} value={draft[name] ?? ''} onChange={set(name)} />
          </label>
        ),
      )}
      <button type="submit" className="primary">
        {t('reports.show')}
      </button>
    </form>
  );
}
