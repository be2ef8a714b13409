import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors, fieldsOf } from '../common/form-fields.js';
import { ErrorState } from '../common/States.js';
import {
  credibilities,
  datePrecisions,
  geoPrecisions,
  incidentStatuses,
  incidentTypes,
  reliabilities,
  targets,
  tollParts,
  type Account,
  type Draft,
  type Toll,
} from './incident.js';

/** The form's values as typed, one string per field path (`killed.best`, `source.reliability`). */
type Values = Record<string, string>;

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

function valuesOf(account: Partial<Account> | Draft): Values {
  const values: Values = {};
  const plain = [
    'date',
    'datePrecision',
    'province',
    'district',
    'place',
    'lat',
    'lon',
    'geoPrecision',
    'type',
    'subType',
    'perpetrator',
    'opponent',
    'claimed',
    'target',
    'kidnapped',
    'status',
    'statusStatement',
    'description',
  ] as const;
  for (const field of plain) values[field] = text(account[field]);
  for (const toll of ['killed', 'wounded'] as const)
    for (const part of tollParts) values[`${toll}.${part}`] = text(account[toll]?.[part]);
  const source = account.sources?.[0];
  for (const field of ['publisher', 'title', 'url', 'published', 'note'] as const)
    values[`source.${field}`] = text(source?.[field]);
  values['source.reliability'] = source?.reliability ?? 'F';
  values['source.credibility'] = text(source?.credibility ?? 6);
  return values;
}

/** A typed number as a number; anything else goes as typed, so the API names the field it refuses. */
function numberOf(value: string): number | string | null {
  if (value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
}
const optional = (value: string) => (value.trim() === '' ? null : value);

/** The account the form's values describe; sources after the first are kept as they were. */
function accountOf(values: Values, initial: Partial<Account> | Draft): Account {
  const toll = (prefix: string) =>
    Object.fromEntries(tollParts.map((part) => [part, numberOf(values[`${prefix}.${part}`] ?? '')])) as Toll;
  const rest = initial.sources?.slice(1) ?? [];
  const sources = values['source.publisher']
    ? [
        {
          publisher: values['source.publisher'],
          title: optional(values['source.title'] ?? ''),
          url: optional(values['source.url'] ?? ''),
          published: optional(values['source.published'] ?? ''),
          note: optional(values['source.note'] ?? ''),
          reliability: values['source.reliability'],
          credibility: numberOf(values['source.credibility'] ?? ''),
        },
        ...rest,
      ]
    : rest;
  const claimed = values.claimed === '' ? null : values.claimed === 'true';
  // The values are sent as typed; the API checks them and names the field it refuses.
  return {
    date: values.date,
    datePrecision: values.datePrecision,
    province: optional(values.province ?? ''),
    district: optional(values.district ?? ''),
    place: optional(values.place ?? ''),
    lat: numberOf(values.lat ?? ''),
    lon: numberOf(values.lon ?? ''),
    geoPrecision: optional(values.geoPrecision ?? ''),
    type: values.type,
    subType: optional(values.subType ?? ''),
    perpetrator: optional(values.perpetrator ?? ''),
    opponent: optional(values.opponent ?? ''),
    claimed,
    target: optional(values.target ?? ''),
    killed: toll('killed'),
    wounded: toll('wounded'),
    kidnapped: numberOf(values.kidnapped ?? ''),
    status: values.status,
    statusStatement: optional(values.statusStatement ?? ''),
    description: optional(values.description ?? ''),
    sources,
  } as Account;
}

/** The form's path of a field the API names: the first source is the form's `source`. */
const formField = (field: string) => field.replace(/^sources\.0(\.|$)/, 'source$1');

/** Each field the API refused, by the form's path, with the API's message. */
const errorsOf = (error: unknown): Record<string, string> =>
  Object.fromEntries(fieldErrors(error).map((issue) => [formField(issue.field), issue.message]));

/**
 * One party's account of an incident, every field the API takes, with the Admiralty grade of its
 * source. The API checks it: a refused field shows its message beside it.
 */
export function IncidentForm(props: {
  initial: Partial<Account> | Draft;
  submitLabel: string;
  onSubmit: (account: Account) => Promise<void>;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const prefix = useId();
  const [values, setValues] = useState<Values>(() => valuesOf(props.initial));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const errors = errorsOf(error);
  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));

  const field = fieldsOf(prefix, (name) => errors[name]);
  const input = (name: string, label: string, type = 'text') =>
    field(name, label, (id, described) => (
      <input
        id={id}
        name={name}
        dir="auto"
        type={type}
        step={type === 'number' ? 'any' : undefined}
        value={values[name] ?? ''}
        aria-invalid={described ? true : undefined}
        aria-describedby={described}
        onChange={(e) => set(name, e.target.value)}
      />
    ));
  const select = (
    name: string,
    label: string,
    options: readonly (string | number)[],
    optionLabel: (o: string) => string,
    blank?: string,
  ) =>
    field(name, label, (id, described) => (
      <select
        id={id}
        name={name}
        value={values[name] ?? ''}
        aria-invalid={described ? true : undefined}
        aria-describedby={described}
        onChange={(e) => set(name, e.target.value)}
      >
        {blank !== undefined && <option value="">{blank}</option>}
        {options.map((o) => (
          <option key={o} value={String(o)}>
            {optionLabel(String(o))}
          </option>
        ))}
      </select>
    ));
  const area = (name: string, label: string) =>
    field(name, label, (id, described) => (
      <textarea
        id={id}
        name={name}
        dir="auto"
        rows={3}
        value={values[name] ?? ''}
        aria-invalid={described ? true : undefined}
        aria-describedby={described}
        onChange={(e) => set(name, e.target.value)}
      />
    ));
  const toll = (prefix: 'killed' | 'wounded') => (
    <fieldset className="toll">
      <legend>{t(`incidents.field.${prefix}`)}</legend>
      <div className="field-grid">
        {tollParts.map((part) => input(`${prefix}.${part}`, t(`incidents.toll.${part}`), 'number'))}
      </div>
      {errors[prefix] && <span className="field-error">{errors[prefix]}</span>}
    </fieldset>
  );

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onSubmit(accountOf(values, props.initial));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="incident-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <fieldset>
        <legend>{t('incidents.form.when')}</legend>
        <div className="field-grid">
          {input('date', t('incidents.field.date'), 'date')}
          {select('datePrecision', t('incidents.field.datePrecision'), datePrecisions, (o) =>
            t(`incidents.datePrecision.${o}`),
          )}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('incidents.form.where')}</legend>
        <div className="field-grid">
          {input('province', t('incidents.field.province'))}
          {input('district', t('incidents.field.district'))}
          {input('place', t('incidents.field.place'))}
          {input('lat', t('incidents.field.lat'), 'number')}
          {input('lon', t('incidents.field.lon'), 'number')}
          {select(
            'geoPrecision',
            t('incidents.field.geoPrecision'),
            geoPrecisions,
            (o) => t(`incidents.geoPrecision.${o}`),
            t('incidents.unknown'),
          )}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('incidents.form.what')}</legend>
        <div className="field-grid">
          {select('type', t('incidents.field.type'), incidentTypes, (o) => t(`enums.incidentType.${o}`))}
          {input('subType', t('incidents.field.subType'))}
          {input('perpetrator', t('incidents.field.perpetrator'))}
          {input('opponent', t('incidents.field.opponent'))}
          {select(
            'claimed',
            t('incidents.field.claimed'),
            ['true', 'false'],
            (o) => t(`incidents.claimed.${o}`),
            t('incidents.unknown'),
          )}
          {select(
            'target',
            t('incidents.field.target'),
            targets,
            (o) => t(`incidents.target.${o}`),
            t('incidents.unknown'),
          )}
          {input('kidnapped', t('incidents.field.kidnapped'), 'number')}
          {select('status', t('incidents.field.status'), incidentStatuses, (o) =>
            t(`enums.incidentStatus.${o}`),
          )}
        </div>
        {area('statusStatement', t('incidents.field.statusStatement'))}
        {area('description', t('incidents.field.description'))}
      </fieldset>
      {toll('killed')}
      {toll('wounded')}
      <fieldset>
        <legend>{t('incidents.form.source')}</legend>
        <div className="field-grid">
          {input('source.publisher', t('incidents.source.publisher'))}
          {input('source.title', t('incidents.source.title'))}
          {input('source.url', t('incidents.source.url'), 'url')}
          {input('source.published', t('incidents.source.published'), 'date')}
          {select('source.reliability', t('incidents.source.reliability'), reliabilities, (o) =>
            t(`incidents.reliability.${o}`),
          )}
          {select('source.credibility', t('incidents.source.credibility'), credibilities, (o) =>
            t(`incidents.credibility.${o}`),
          )}
        </div>
        {area('source.note', t('incidents.source.note'))}
      </fieldset>
      {error !== undefined && <ErrorState error={error} />}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            {t('incidents.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
