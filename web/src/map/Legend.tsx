import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.js';
import { formatNumber } from '../i18n/format.js';
import { riskColours, severitySteps, siteColour, unitColour } from './colours.js';
import type { Selected } from './FeaturePanel.js';
import { liveColours } from '../tracking/liveLayers.js';
import { overlays, type Overlay } from './layers.js';

export interface OverlayState {
  loading: boolean;
  error: unknown;
  count: number | undefined;
  note?: string;
  /** What the overlay draws, by name, for keyboard and screen-reader users to open it. */
  items?: { id: string; name: string; kind: Selected['kind']; precision?: string }[];
}

/** A swatch's colour, its label's key, and a shape class when the map tells kinds apart by shape. */
type Swatch = { colour: string; label: string; className?: string };

const swatches: Record<Overlay, Swatch[]> = {
  risk: riskColours.slice(1).map((colour, i) => ({ colour, label: `legend.level${i + 2}` })),
  zones: [
    { colour: riskColours[4], label: 'legend.zoneInForce' },
    { colour: 'transparent', label: 'legend.zonePending' },
  ],
  sites: [
    { colour: siteColour, label: 'legend.sitePoint' },
    { colour: siteColour + '33', label: 'legend.area' },
  ],
  units: [
    { colour: unitColour, label: 'legend.unitPoint' },
    { colour: unitColour + '33', label: 'legend.area' },
  ],
  incidents: severitySteps.map((s, i) => ({ colour: s.colour, label: `legend.casualties${i}` })),
  live: [
    { colour: liveColours.person, label: 'legend.livePerson', className: 'swatch-round' },
    { colour: liveColours.unit, label: 'legend.liveUnit' },
    { colour: liveColours.person, label: 'legend.liveStale', className: 'swatch-round swatch-faded' },
    { colour: liveColours.person, label: 'legend.liveSilent', className: 'swatch-round swatch-silent' },
    { colour: liveColours.sos, label: 'legend.liveSos', className: 'swatch-round swatch-sos' },
    { colour: liveColours.person + '2e', label: 'legend.liveArea', className: 'swatch-dashed' },
    { colour: liveColours.person + '80', label: 'legend.liveTail', className: 'swatch-line' },
    { colour: liveColours.track, label: 'legend.liveTrack', className: 'swatch-line' },
  ],
};

/** Each overlay with a switch, its colours, how many it shows, and why it shows none. */
export function Legend(props: {
  visible: Record<Overlay, boolean>;
  states: Record<Overlay, OverlayState>;
  onToggle: (overlay: Overlay, visible: boolean) => void;
  onSelect: (selected: Selected) => void;
}) {
  const { t } = useTranslation();
  return (
    <aside className="legend" aria-label={t('legend.title')}>
      <h2>{t('legend.title')}</h2>
      {overlays
        .slice()
        .reverse()
        .map((overlay) => {
          const state = props.states[overlay];
          const refused = state.error instanceof ApiError && state.error.status === 403;
          return (
            <fieldset key={overlay} className="legend-group">
              <legend>
                <label>
                  <input
                    type="checkbox"
                    checked={props.visible[overlay]}
                    onChange={(e) => props.onToggle(overlay, e.target.checked)}
                  />
                  {t(`layers.${overlay}`)}
                </label>
                <span className="legend-count" aria-live="polite">
                  {state.loading && state.count === undefined
                    ? t('common.loading')
                    : refused
                      ? t('legend.notShared')
                      : state.error !== undefined
                        ? t('legend.failed')
                        : t('legend.count', {
                            count: state.count ?? 0,
                            formatted: formatNumber(state.count ?? 0),
                          })}
                </span>
              </legend>
              <ul>
                {swatches[overlay].map((swatch) => (
                  <li key={swatch.label}>
                    <span
                      className={
                        'swatch' +
                        (swatch.colour === 'transparent' ? ' swatch-dashed' : '') +
                        (swatch.className ? ' ' + swatch.className : '')
                      }
                      style={{ background: swatch.colour }}
                      aria-hidden="true"
                    />
                    {t(swatch.label)}
                  </li>
                ))}
              </ul>
              {state.note && <p className="hint">{state.note}</p>}
              {state.items && state.items.length > 0 && (
                <details>
                  <summary>{t('legend.list', { layer: t(`layers.${overlay}`) })}</summary>
                  <ul className="feature-list">
                    {state.items.map((item) => (
                      <li key={item.id}>
                        <button
                          type="button"
                          className="link"
                          onClick={() =>
                            props.onSelect({ kind: item.kind, id: item.id, precision: item.precision })
                          }
                        >
                          {item.name}
                        </button>
                        {item.precision === 'area' && <span className="hint"> {t('legend.areaOnly')}</span>}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </fieldset>
          );
        })}
    </aside>
  );
}
