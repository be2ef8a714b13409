import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../app/router.js';
import {
  actions,
  auditAddress,
  entityTypes,
  type FilterName,
  filterNames,
  fromLocalInput,
  toLocalInput,
} from './auditQuery.js';

type Filters = Record<FilterName, string>;

/** The entry filters; applying them starts again from the newest page. */
export function AuditFilters({ query }: { query: URLSearchParams }) {
  const { t } = useTranslation();
  const current = Object.fromEntries(filterNames.map((n) => [n, query.get(n) ?? ''])) as Filters;
  const [form, setForm] = useState<Filters>({
    ...current,
    from: current.from && toLocalInput(current.from),
    to: current.to && toLocalInput(current.to),
  });
  const set = (name: FilterName) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [name]: e.target.value }));

  function apply(event: FormEvent) {
    event.preventDefault();
    navigate(auditAddress({ ...form, from: fromLocalInput(form.from), to: fromLocalInput(form.to) }));
  }

  function clear() {
    setForm({ actorId: '', action: '', entityType: '', entityId: '', from: '', to: '' });
    navigate('/audit');
  }

  return (
    <form className="audit-filters" onSubmit={apply} aria-label={t('auditLog.filters')}>
      <label>
        {t('auditLog.actor')}
        <input name="actorId" value={form.actorId} onChange={set('actorId')} maxLength={100} />
      </label>
      <label>
        {t('auditLog.action')}
        <select name="action" value={form.action} onChange={set('action')}>
          <option value="">{t('auditLog.any')}</option>
          {actions.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('auditLog.entityType')}
        <select name="entityType" value={form.entityType} onChange={set('entityType')}>
          <option value="">{t('auditLog.any')}</option>
          {entityTypes.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('auditLog.entityId')}
        <input name="entityId" value={form.entityId} onChange={set('entityId')} maxLength={100} />
      </label>
      <label>
        {t('auditLog.from')}
        <input name="from" type="datetime-local" value={form.from} onChange={set('from')} />
      </label>
      <label>
        {t('auditLog.to')}
        <input name="to" type="datetime-local" value={form.to} onChange={set('to')} />
      </label>
      <div className="audit-filter-actions">
        <button type="submit" className="primary">
          {t('auditLog.apply')}
        </button>
        <button type="button" onClick={clear}>
          {t('auditLog.clear')}
        </button>
      </div>
    </form>
  );
}
