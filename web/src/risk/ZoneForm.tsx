import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ErrorState } from '../common/States.js';
import { formatNumber } from '../i18n/format.js';
import { polygonOf, type LatLon } from './riskLayers.js';

/** A new zone: its corners clicked on the map, then its level, reason and expiry. */
export function ZoneForm(props: {
  corners: LatLon[];
  onCorners: (corners: LatLon[] | undefined) => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [level, setLevel] = useState('4');
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const { corners } = props;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      await api.post('/api/v1/risk/zones', {
        polygon: polygonOf(corners),
        level: Number(level),
        reason,
        // The field is local time; the API takes an instant.
        expiresAt: expires ? new Date(expires).toISOString() : null,
      });
      props.onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="zone-form" onSubmit={(e) => void submit(e)} aria-labelledby="zone-form-title">
      <h3 id="zone-form-title">{t('riskScreen.zones.new')}</h3>
      <p aria-live="polite">
        {t('riskScreen.zones.corners', { count: corners.length, formatted: formatNumber(corners.length) })}
      </p>
      <div className="button-row">
        <button
          type="button"
          disabled={corners.length === 0}
          onClick={() => props.onCorners(corners.slice(0, -1))}
        >
          {t('riskScreen.undo')}
        </button>
        <button type="button" onClick={() => props.onCorners(undefined)}>
          {t('riskScreen.zones.cancel')}
        </button>
      </div>
      <label>
        {t('fields.level')}
        <select name="level" value={level} onChange={(e) => setLevel(e.target.value)}>
          {[1, 2, 3, 4, 5, 6].map((l) => (
            <option key={l} value={l}>
              {t('riskScreen.levelName', { level: l, name: t(`riskScreen.levels.${l}`) })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('fields.reason')}
        <textarea
          name="reason"
          required
          minLength={3}
          maxLength={2000}
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <label>
        {t('fields.expiresAt')}
        <input
          name="expiresAt"
          type="datetime-local"
          value={expires}
          onChange={(e) => setExpires(e.target.value)}
        />
        <span className="hint">{t('riskScreen.zones.expiryHint')}</span>
      </label>
      <p className="hint">{t('riskScreen.zones.signOffHint')}</p>
      {error !== undefined && <ErrorState error={error} />}
      <button type="submit" className="primary" disabled={corners.length < 3 || busy}>
        {t('riskScreen.zones.save')}
      </button>
    </form>
  );
}
