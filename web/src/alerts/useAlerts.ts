import { useCallback, useEffect, useRef, useState } from 'react';
import { request } from '../api/client.js';
import type { StreamFrame } from '../tracking/liveStream.js';
import { type Alert, type AlertRule, isAlertFrame, mergeAlert, type StateFilter, statesOf } from './alert.js';
import { playSosTone } from './sosTone.js';

export interface AlertsFilter {
  state: StateFilter;
  rule: AlertRule | '';
}

/**
 * The alerts the viewer may see, by the panel's filters: the API's page first, then each `alert`
 * frame of the stream merged in, so a new alert appears without a reload. A newly raised SOS plays
 * a tone.
 */
export function useAlerts(enabled: boolean) {
  const [filter, setFilter] = useState<AlertsFilter>({ state: 'active', rule: '' });
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [loading, setLoading] = useState(enabled);
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!enabled) return;
    let current = true;
    setLoading(true);
    // The state parameter repeats (`?state=open&state=acknowledged`): the typed client sets each key once.
    const query = new URLSearchParams({ limit: '100' });
    for (const state of statesOf(filter.state)) query.append('state', state);
    if (filter.rule) query.set('rule', filter.rule);
    request<{ items: Alert[] }>('GET', `/api/v1/alerts?${query.toString()}`).then(
      (page) => {
        if (!current) return;
        // Frames that arrived while the page loaded stay, if they are newer.
        setAlerts((held) => held.reduce(mergeAlert, page.items));
        setError(undefined);
        setLoading(false);
      },
      (caught: unknown) => {
        if (!current) return;
        setError(caught);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [enabled, filter.state, filter.rule, generation]);

  const filterRef = useRef(filter);
  filterRef.current = filter;
  const onFrame = useCallback((frame: StreamFrame) => {
    if (!isAlertFrame(frame)) return;
    if (frame.event === 'alert.raised' && frame.alert.rule === 'sos') playSosTone();
    setAlerts((held) => mergeAlert(held, frame.alert));
  }, []);

  const changeFilter = useCallback((next: AlertsFilter) => {
    setAlerts([]);
    setFilter(next);
  }, []);
  /** The answer of an acknowledge or resolve, shown at once (its frame follows). */
  const replace = useCallback((alert: Alert) => setAlerts((held) => mergeAlert(held, alert)), []);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  return { alerts, loading, error, filter, setFilter: changeFilter, onFrame, replace, reload };
}

export type Alerts = ReturnType<typeof useAlerts>;
