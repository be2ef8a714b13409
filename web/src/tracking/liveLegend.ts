import type { FeatureCollection } from 'geojson';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client.js';
import type { OverlayState } from '../map/Legend.js';
import type { LiveSubject } from './liveStream.js';
import { subjectKey } from './liveStream.js';
import type { Live } from './useLive.js';

/**
 * A subject's name from what the map already loaded: a unit's call sign from the units list; a
 * person, whom the map does not list, by kind and a short id.
 */
export function subjectName(
  subject: LiveSubject['subject'],
  units: FeatureCollection | undefined,
  t: TFunction,
) {
  const unit =
    subject.type === 'unit' ? units?.features.find((f) => f.properties?.id === subject.id) : undefined;
  const name = unit?.properties?.name as string | null | undefined;
  return name ?? `${t(`live.subject.${subject.type}`)} ${subject.id.slice(0, 8)}`;
}

/** The live overlay's line in the legend: how many, the feed's state, and each subject by name. */
export function liveLegendState(
  live: Live,
  units: FeatureCollection | undefined,
  t: TFunction,
  allowed: boolean,
): OverlayState {
  // Roles without position.read are not sent positions: the legend says so, as for a refused layer.
  if (!allowed) return { loading: false, error: new ApiError(403, 'forbidden', ''), count: undefined };
  const subjects = [...live.subjects.values()];
  const sos = subjects.filter((s) => s.sos).length;
  const note =
    live.connection === 'retrying'
      ? t('live.reconnecting')
      : sos > 0
        ? t('live.sosCount', { count: sos })
        : undefined;
  return {
    loading: !live.loaded,
    error: undefined,
    count: live.loaded ? subjects.length : undefined,
    ...(note ? { note } : {}),
    items: subjects.map((s) => ({
      id: subjectKey(s.subject),
      name:
        subjectName(s.subject, units, t) + (s.status === 'live' ? '' : ` (${t(`live.status.${s.status}`)})`),
      kind: 'live' as const,
      precision: s.location.precision,
    })),
  };
}
