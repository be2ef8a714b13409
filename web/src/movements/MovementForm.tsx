import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { navigate } from '../app/router.js';
import { ErrorState } from '../common/States.js';
import { formatNumber } from '../i18n/format.js';
import type { Site } from '../registry/kinds.js';
import { useSiteNames } from '../registry/useSiteNames.js';
import { fieldErrors, fieldsOf, invalid } from '../common/form-fields.js';
import { LiveAssessment, useLiveAssessment } from './LiveAssessment.js';
import {
  movementsPath,
  parseWaypoints,
  waypointsText,
  type LatLon,
  type MovementRequest,
} from './movement.js';
import { MovementMap } from './MovementMap.js';
import { PassengerPicker } from './PassengerPicker.js';
import { type CheckpointValues, CheckpointRows, type VehicleValues, VehicleRows } from './RequestRows.js';

/** What a click on the map places. */
const clickModes = ['waypoint', 'origin', 'destination', 'checkpoint'] as const;
type ClickMode = (typeof clickModes)[number];

/** A place as typed: a site's id, or `point` with its coordinates. */
interface PlaceValues {
  siteId: string;
  lat: string;
  lon: string;
}

const point = 'point';
/** The fields the live assessment names beside themselves; the rest it lists as still needed. */
const drawnFields = [
  'origin',
  'destination',
  'route',
  'corridorMeters',
  'plannedDeparture',
  'plannedArrival',
  'checkpoints',
];

/** A typed number as a number; anything else as typed, so the API names the field it refuses. */
const numberOf = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));
/** A `datetime-local` value as an instant with its offset; anything else as typed. */
const instantOf = (local: string) => {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
};

function placeOf(values: PlaceValues, sites: Site[]): { at?: LatLon; input?: MovementRequest['origin'] } {
  if (values.siteId === point) {
    const lat = numberOf(values.lat);
    const lon = numberOf(values.lon);
    const input = { lat, lon };
    return Number.isFinite(lat) && Number.isFinite(lon) ? { at: { lat, lon }, input } : { input };
  }
  if (!values.siteId) return {};
  const location = sites.find((s) => s.id === values.siteId)?.location;
  return {
    input: { siteId: values.siteId },
    ...(location ? { at: { lat: location.lat, lon: location.lon } } : {}),
  };
}

/**
 * The request form: purpose, passengers from the registry, origin and destination (a site, or a
 * point clicked on the map), the route clicked waypoint by waypoint or typed one per line, the
 * corridor, the times, checkpoints and vehicles. The assessment is asked for as the request
 * changes, before anything is stored; saving stores a draft, which may be submitted at once.
 */
export function MovementForm() {
  const { t } = useTranslation();
  const prefix = useId();
  const { sites, names } = useSiteNames();

  const [purpose, setPurpose] = useState('');
  const [passengers, setPassengers] = useState<string[]>([]);
  const [origin, setOrigin] = useState<PlaceValues>({ siteId: '', lat: '', lon: '' });
  const [destination, setDestination] = useState<PlaceValues>({ siteId: '', lat: '', lon: '' });
  const [routeText, setRouteText] = useState('');
  const [corridor, setCorridor] = useState('1000');
  const [departure, setDeparture] = useState('');
  const [arrival, setArrival] = useState('');
  const [checkpoints, setCheckpoints] = useState<CheckpointValues[]>([]);
  const [vehicles, setVehicles] = useState<VehicleValues[]>([{ label: '', armoured: false }]);
  const [mode, setMode] = useState<ClickMode>('waypoint');
  const [saveError, setSaveError] = useState<unknown>();
  /** The request as it was saved: a refusal shows beside a field only while the field is unchanged. */
  const [saved, setSaved] = useState<Record<string, unknown>>({});
  /** Counts the times the typed route was left: the map frames the route again each time. */
  const [routeEdits, setRouteEdits] = useState(0);
  const [busy, setBusy] = useState(false);

  const { points: waypoints, badLines } = useMemo(() => parseWaypoints(routeText), [routeText]);
  const from = placeOf(origin, sites);
  const to = placeOf(destination, sites);
  const request = {
    purpose,
    passengers,
    ...(from.input ? { origin: from.input } : {}),
    ...(to.input ? { destination: to.input } : {}),
    route: { type: 'LineString', coordinates: waypoints.map((p) => [p.lon, p.lat]) },
    corridorMeters: numberOf(corridor),
    plannedDeparture: instantOf(departure),
    plannedArrival: instantOf(arrival),
    checkpoints: checkpoints.map((c) => ({
      name: c.name,
      lat: numberOf(c.lat),
      lon: numberOf(c.lon),
      plannedAt: instantOf(c.plannedAt),
    })),
    vehicles,
  } as MovementRequest;
  const assessable = waypoints.length >= 2 && departure !== '' && arrival !== '';
  const live = useLiveAssessment(request, assessable);

  const liveIssues = fieldErrors(live.error);
  const issues = [
    ...fieldErrors(saveError).filter((i) => {
      const top = i.field.split('.')[0]! as keyof MovementRequest;
      return JSON.stringify(request[top]) === JSON.stringify(saved[top]);
    }),
    ...liveIssues.filter((i) => drawnFields.includes(i.field.split('.')[0]!)),
  ];
  const problem = (field: string) =>
    issues.find((i) => i.field === field || i.field.startsWith(field + '.'))?.message;
  const stillNeeded = [...new Set(liveIssues.map((i) => i.field.split('.')[0]!))].filter(
    (f) => !drawnFields.includes(f),
  );

  const pick = (at: LatLon) => {
    const coordinates = { lat: String(at.lat), lon: String(at.lon) };
    if (mode === 'waypoint')
      setRouteText((text) => (text.trim() ? text.trimEnd() + '\n' : '') + `${at.lat}, ${at.lon}`);
    else if (mode === 'origin') setOrigin({ siteId: point, ...coordinates });
    else if (mode === 'destination') setDestination({ siteId: point, ...coordinates });
    else setCheckpoints((list) => [...list, { name: '', plannedAt: '', ...coordinates }]);
  };
  const joinEnds = () => {
    const inner = waypoints.filter((p) => !samePoint(p, from.at) && !samePoint(p, to.at));
    setRouteText(waypointsText([...(from.at ? [from.at] : []), ...inner, ...(to.at ? [to.at] : [])]));
    setRouteEdits((n) => n + 1);
  };

  const save = async (submit: boolean) => {
    setSaveError(undefined);
    setSaved(request);
    setBusy(true);
    try {
      const created = await api.post('/api/v1/movements', request);
      // A draft that is stored but refused on submit opens as a draft: its detail shows why.
      if (submit)
        await api.post('/api/v1/movements/{id}/submit', undefined, { id: created.id }).catch(() => undefined);
      navigate(movementsPath(encodeURIComponent(created.id)));
    } catch (error) {
      setSaveError(error);
    } finally {
      setBusy(false);
    }
  };

  const field = fieldsOf(prefix, problem);
  const placeFields = (
    name: 'origin' | 'destination',
    values: PlaceValues,
    set: (v: PlaceValues) => void,
  ) => (
    <fieldset className="place-fields">
      <legend>{t(`movements.field.${name}`)}</legend>
      {field(name, t('movements.form.place'), (id, described) => (
        <select
          id={id}
          value={values.siteId}
          {...invalid(described)}
          onChange={(e) => set({ ...values, siteId: e.target.value })}
        >
          <option value="">{t('movements.form.choose')}</option>
          {sites
            .filter((s) => names.has(s.id))
            .map((s) => (
              <option key={s.id} value={s.id}>
                {names.get(s.id)}
              </option>
            ))}
          <option value={point}>{t('movements.form.aPoint')}</option>
        </select>
      ))}
      {values.siteId === point && (
        <div className="field-grid">
          {field(`${name}.lat`, t('movements.form.lat'), (id, described) => (
            <input
              id={id}
              inputMode="decimal"
              value={values.lat}
              {...invalid(described)}
              onChange={(e) => set({ ...values, lat: e.target.value })}
            />
          ))}
          {field(`${name}.lon`, t('movements.form.lon'), (id, described) => (
            <input
              id={id}
              inputMode="decimal"
              value={values.lon}
              {...invalid(described)}
              onChange={(e) => set({ ...values, lon: e.target.value })}
            />
          ))}
        </div>
      )}
    </fieldset>
  );

  const routeProblem = problem('route');

  return (
    <section className="panel movement-new" aria-labelledby="movement-new-title">
      <h1 id="movement-new-title">{t('movements.form.title')}</h1>
      <p className="hint">{t('movements.form.intro')}</p>
      <div className="movement-form-layout">
        <div className="movement-form-map">
          <fieldset className="click-modes">
            <legend>{t('movements.form.clickPlaces')}</legend>
            {clickModes.map((m) => (
              <label key={m}>
                <input
                  type="radio"
                  name={`${prefix}-mode`}
                  value={m}
                  checked={mode === m}
                  onChange={() => setMode(m)}
                />{' '}
                {t(`movements.form.mode.${m}`)}
              </label>
            ))}
          </fieldset>
          <MovementMap
            label={t('movements.form.map')}
            waypoints={waypoints}
            segments={live.assessment?.segments}
            stops={{
              origin: from.at,
              destination: to.at,
              checkpoints: checkpoints.flatMap((c) => {
                const lat = numberOf(c.lat);
                const lon = numberOf(c.lon);
                return Number.isFinite(lat) && Number.isFinite(lon) ? [{ lat, lon }] : [];
              }),
            }}
            onPick={pick}
            fitKey={routeEdits ? String(routeEdits) : undefined}
          />
          <LiveAssessment live={live} assessable={assessable} issues={liveIssues} />
        </div>

        <form
          className="movement-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save(false);
          }}
        >
          {field('purpose', t('movements.field.purpose'), (id, described) => (
            <input
              id={id}
              dir="auto"
              value={purpose}
              {...invalid(described)}
              onChange={(e) => setPurpose(e.target.value)}
            />
          ))}

          <PassengerPicker
            chosen={passengers}
            onChange={setPassengers}
            field={field}
            problem={problem('passengers')}
          />

          {placeFields('origin', origin, setOrigin)}
          {placeFields('destination', destination, setDestination)}

          <fieldset>
            <legend>{t('movements.field.route')}</legend>
            <p className="hint">
              {t('movements.form.waypoints', {
                count: waypoints.length,
                formatted: formatNumber(waypoints.length),
              })}
            </p>
            <div className={routeProblem || badLines.length ? 'field field-invalid' : 'field'}>
              <label htmlFor={`${prefix}-route`}>{t('movements.form.routeText')}</label>
              <textarea
                id={`${prefix}-route`}
                name="route"
                rows={5}
                dir="ltr"
                value={routeText}
                aria-invalid={routeProblem || badLines.length ? true : undefined}
                aria-describedby={`${prefix}-route-help${routeProblem || badLines.length ? ` ${prefix}-route-error` : ''}`}
                onChange={(e) => setRouteText(e.target.value)}
                onBlur={() => setRouteEdits((n) => n + 1)}
              />
              <span className="hint" id={`${prefix}-route-help`}>
                {t('movements.form.routeHelp')}
              </span>
              {(routeProblem || badLines.length > 0) && (
                <span className="field-error" id={`${prefix}-route-error`}>
                  {badLines.length > 0
                    ? t('movements.form.badLines', {
                        lines: badLines.map((l) => formatNumber(l)).join(t('movements.listSeparator')),
                      })
                    : routeProblem}
                </span>
              )}
            </div>
            <div className="button-row">
              <button
                type="button"
                disabled={waypoints.length === 0}
                onClick={() => setRouteText(waypointsText(waypoints.slice(0, -1)))}
              >
                {t('movements.form.undo')}
              </button>
              <button type="button" disabled={routeText === ''} onClick={() => setRouteText('')}>
                {t('movements.form.clear')}
              </button>
              <button type="button" disabled={!from.at && !to.at} onClick={joinEnds}>
                {t('movements.form.joinEnds')}
              </button>
            </div>
            {field('corridorMeters', t('movements.form.corridor'), (id, described) => (
              <input
                id={id}
                type="number"
                min={50}
                max={20000}
                step={50}
                value={corridor}
                {...invalid(described)}
                onChange={(e) => setCorridor(e.target.value)}
              />
            ))}
          </fieldset>

          <div className="field-grid">
            {field('plannedDeparture', t('movements.field.plannedDeparture'), (id, described) => (
              <input
                id={id}
                type="datetime-local"
                value={departure}
                {...invalid(described)}
                onChange={(e) => setDeparture(e.target.value)}
              />
            ))}
            {field('plannedArrival', t('movements.field.plannedArrival'), (id, described) => (
              <input
                id={id}
                type="datetime-local"
                value={arrival}
                {...invalid(described)}
                onChange={(e) => setArrival(e.target.value)}
              />
            ))}
          </div>

          <CheckpointRows rows={checkpoints} setRows={setCheckpoints} field={field} issues={issues} />

          <VehicleRows rows={vehicles} setRows={setVehicles} field={field} problem={problem} />

          {stillNeeded.length > 0 && live.error !== undefined && saveError === undefined && (
            <p className="hint">{t('movements.form.saveNeeds')}</p>
          )}
          {saveError !== undefined && <ErrorState error={saveError} />}
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              {t('movements.form.saveDraft')}
            </button>
            <button
              type="button"
              className="primary save-submit"
              disabled={busy}
              onClick={() => void save(true)}
            >
              {t('movements.form.saveSubmit')}
            </button>
          </div>
        </form>
      </div>
    </section>
  );
}

const samePoint = (a: LatLon, b: LatLon | undefined) => b !== undefined && a.lat === b.lat && a.lon === b.lon;
