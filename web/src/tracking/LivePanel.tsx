import type { FeatureCollection } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { AppLink } from '../common/AppLink.js';
import { useApi } from '../common/useApi.js';
import { formatDate, formatKm, formatNumber } from '../i18n/format.js';
import { currentLocale } from '../i18n/i18n.js';
import { movementsPath } from '../movements/movement.js';
import { formatAgo, formatMeasure } from './ago.js';
import { subjectName } from './liveLegend.js';
import { subjectOfKey, type LiveSubject } from './liveStream.js';
import { TrackReplay } from './TrackReplay.js';
import type { Live } from './useLive.js';

/** Past the live source's clusterMaxZoom (12): every marker drawn on its own. */
const unclusteredZoom = 13;

/** The panel of a live person or unit: who, how fresh, what the device says, and its track. */
export function LivePanel(props: {
  map: MapLibreMap | undefined;
  subjectKey: string;
  live: Live;
  units: FeatureCollection | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [replaying, setReplaying] = useState(false);
  const now = useNow(30_000);
  const ref = subjectOfKey(props.subjectKey);
  const subject = props.live.subjects.get(props.subjectKey);
  useEffect(() => setReplaying(false), [props.subjectKey]);
  // A person's name, as the agreement shows it to this viewer (the map lists no persons).
  const person = useApi(
    () =>
      ref?.type === 'person'
        ? api.get('/api/v1/persons/{id}', { id: ref.id }).catch(() => undefined)
        : Promise.resolve(undefined),
    [props.subjectKey],
  );
  // The map centres on the subject when its panel opens (from the legend's list too): a point close
  // enough to be out of any cluster, an area so its whole cell shows.
  const location = subject?.location;
  useEffect(() => {
    if (!props.map || !location) return;
    const zoom = location.precision === 'exact' ? unclusteredZoom : 9;
    props.map.jumpTo({ center: [location.lon, location.lat], zoom: Math.max(props.map.getZoom(), zoom) });
    // Only on opening: later fixes must not pull the map away from where the user moved it.
  }, [props.map, props.subjectKey, location === undefined]);
  if (!ref) return null;

  return (
    <aside className="side-panel live-panel" aria-labelledby="panel-title">
      <header>
        <h2 id="panel-title">{person.data?.name ?? subjectName(ref, props.units, t)}</h2>
        <button type="button" className="icon" onClick={props.onClose} aria-label={t('common.close')}>
          ×
        </button>
      </header>
      {subject ? (
        <Details subject={subject} now={now} seen={props.live.tails.get(props.subjectKey)?.length ?? 0} />
      ) : (
        <p className="hint">{t('live.gone')}</p>
      )}
      {replaying ? (
        <TrackReplay map={props.map} subject={ref} onClose={() => setReplaying(false)} />
      ) : (
        <button type="button" className="primary" onClick={() => setReplaying(true)}>
          {t('live.replay')}
        </button>
      )}
    </aside>
  );
}

const measure = (value: number | null, unit: Parameters<typeof formatMeasure>[1]) =>
  value == null ? null : formatMeasure(value, unit, currentLocale());

function Details({ subject, now, seen }: { subject: LiveSubject; now: Date; seen: number }) {
  const { t } = useTranslation();
  const { location } = subject;
  const rows: [string, string | null][] = [
    ['live.fields.kind', t(`live.subject.${subject.subject.type}`)],
    ['live.fields.status', t(`live.status.${subject.status}`)],
    ['live.fields.fixAt', formatAgo(subject.fixAt, now, currentLocale())],
    [
      'fields.location',
      location.precision === 'area' ? t('map.areaOf', { size: formatKm(location.cellKm) }) : t('map.exact'),
    ],
    ['live.fields.speed', measure(subject.speedKmh, 'kilometer-per-hour')],
    ['live.fields.heading', measure(subject.headingDeg, 'degree')],
    ['live.fields.battery', measure(subject.batteryPct, 'percent')],
    ['live.fields.accuracy', subject.accuracyM == null ? null : '± ' + measure(subject.accuracyM, 'meter')],
    ['live.fields.seen', seen > 0 ? formatNumber(seen) : null],
  ];
  return (
    <>
      {subject.sos && (
        <p role="alert" className="live-sos">
          {t('live.sos')}
        </p>
      )}
      <dl className="details">
        {rows
          .filter(([, value]) => value !== null)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{t(label)}</dt>
              <dd title={label === 'live.fields.fixAt' ? formatDate(subject.fixAt, true) : undefined}>
                {value}
              </dd>
            </div>
          ))}
      </dl>
      {subject.movementId && (
        <p>
          <AppLink to={movementsPath(encodeURIComponent(subject.movementId))}>{t('live.movement')}</AppLink>
        </p>
      )}
    </>
  );
}

/** The time now, renewed every `ms`, so "3 min ago" keeps counting while the panel is open. */
function useNow(ms: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
