import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, request, urlOf } from '../api/client.js';
import { navigate } from '../app/router.js';
import { AppLink } from '../common/AppLink.js';
import { ErrorState, Loading } from '../common/States.js';
import { useApi } from '../common/useApi.js';
import { type Field, type KindSpec, type RegistryRecord, valueOf } from './kinds.js';
import { useSiteNames } from './useSiteNames.js';

type Values = Record<string, string>;

/** What a form shows for a stored record: each field as text, coordinates from its location. */
function valuesOf(spec: KindSpec, record: RegistryRecord | undefined): Values {
  const values: Values = {};
  for (const field of spec.fields) {
    if (field.input === 'shape') continue;
    const value = field.inLocation
      ? record?.location?.[field.inLocation]
      : record && valueOf(record, field.name);
    values[field.name] = value == null ? '' : String(value);
  }
  return values;
}

/** The body to send: numbers as numbers, an emptied field as empty (the server clears it). */
function bodyOf(fields: Field[], values: Values, before: Values | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const text = values[field.name] ?? '';
    if (before && before[field.name] === text) continue;
    if (!before && text === '') continue;
    if (field.input === 'number') body[field.name] = text === '' ? null : Number(text);
    else if (field.input === 'site') body[field.name] = text === '' ? null : text;
    else body[field.name] = text;
  }
  return body;
}

/** Registers a record of the viewer's party, or changes one (`id`). */
export function RecordForm({ spec, id }: { spec: KindSpec; id?: string }) {
  const stored = useApi(
    async () =>
      id === undefined
        ? undefined
        : ((await api.get(`${spec.path}/{id}` as '/api/v1/units/{id}', { id })) as RegistryRecord),
    [spec.kind, id],
  );
  if (id !== undefined && stored.error !== undefined)
    return <ErrorState error={stored.error} onRetry={stored.reload} />;
  if (id !== undefined && !stored.data) return <Loading />;
  return <FormFor key={id ?? 'new'} spec={spec} id={id} record={stored.data} />;
}

function FormFor(props: { spec: KindSpec; id: string | undefined; record: RegistryRecord | undefined }) {
  const { t } = useTranslation();
  const { spec, id } = props;
  const { sites } = useSiteNames();
  const [before] = useState(() => (props.record ? valuesOf(spec, props.record) : undefined));
  const [values, setValues] = useState<Values>(() => valuesOf(spec, props.record));
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const entered = spec.fields.filter((f) => f.input !== 'shape');
  const heading = id === undefined ? t(`registry.${spec.kind}.new`) : t('registry.editing');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const body = bodyOf(entered, values, before);
      const saved =
        id === undefined
          ? await request<RegistryRecord>('POST', spec.path, body)
          : await request<RegistryRecord>('PATCH', urlOf(`${spec.path}/{id}`, { id }), body);
      navigate(`/registry/${spec.kind}/${encodeURIComponent(saved.id)}`);
    } catch (failure) {
      setError(failure);
      setSaving(false);
    }
  };

  const input = (field: Field) => {
    const common = {
      name: field.name,
      value: values[field.name] ?? '',
      required: field.required ?? false,
      onChange: (e: { target: { value: string } }) =>
        setValues((v) => ({ ...v, [field.name]: e.target.value })),
    };
    if (field.input === 'choice')
      return (
        <select {...common}>
          <option value="">{field.required ? t('registry.choose') : t('common.none')}</option>
          {field.values!.map((value) => (
            <option key={value} value={value}>
              {field.labels ? t(`${field.labels}.${value}`) : value}
            </option>
          ))}
        </select>
      );
    if (field.input === 'site')
      return (
        <select {...common}>
          <option value="">{t('common.none')}</option>
          {sites.map((site) => (
            <option key={site.id} value={site.id}>
              {site.name ?? site.id}
            </option>
          ))}
        </select>
      );
    if (field.input === 'number')
      return <input {...common} type="number" inputMode="decimal" step="any" dir="ltr" />;
    return <input {...common} type="text" />;
  };

  return (
    <form className="record-form" onSubmit={(e) => void submit(e)} aria-labelledby="form-title">
      <h2 id="form-title">{heading}</h2>
      <div className="form-grid">
        {entered.map((field) => (
          <label key={field.name}>
            {t(`registry.field.${field.name}`)}
            {input(field)}
          </label>
        ))}
      </div>
      {error !== undefined && <ErrorState error={error} />}
      <p className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {t('registry.save')}
        </button>
        <AppLink
          to={
            id === undefined ? `/registry/${spec.kind}` : `/registry/${spec.kind}/${encodeURIComponent(id)}`
          }
        >
          {t('registry.cancel')}
        </AppLink>
      </p>
    </form>
  );
}
