import { describe, expect, it } from 'vitest';
import { type AlertState, alertStates, incidentSeverity, isFresh, nextAlertState } from './alert.js';
import { alertParametersFrom, defaultAlertParameters } from './alert.parameters.js';
import { affectedByIncident, inCurfew } from './alert.rules.js';
import { isLate, nextDeadline, stepDueAt } from './checkin.js';

describe('the life of an alert', () => {
  const table: [AlertState, 'acknowledge' | 'resolve', AlertState | null][] = [
    ['open', 'acknowledge', 'acknowledged'],
    ['open', 'resolve', 'resolved'],
    ['acknowledged', 'acknowledge', null],
    ['acknowledged', 'resolve', 'resolved'],
    ['resolved', 'acknowledge', null],
    ['resolved', 'resolve', null],
  ];
  it.each(table)('%s, %s → %s', (from, action, to) => {
    if (to) expect(nextAlertState(from, action)).toBe(to);
    else
      expect(() => nextAlertState(from, action)).toThrow(
        expect.objectContaining({ code: 'invalid_transition' }),
      );
  });
  it('covers every state', () => {
    expect(new Set(table.map(([from]) => from))).toEqual(new Set(alertStates));
  });

  it('evaluates only a trigger later than the last one evaluated', () => {
    const mark = new Date('2026-12-01T10:00:00Z');
    expect(isFresh(new Date('2026-12-01T10:00:01Z'), mark)).toBe(true);
    expect(isFresh(mark, mark)).toBe(false);
    expect(isFresh(new Date('2026-12-01T09:00:00Z'), mark)).toBe(false);
    expect(isFresh(mark, null)).toBe(true);
  });

  it('grades an incident by its toll', () => {
    expect(incidentSeverity(null, null)).toBe('minor');
    expect(incidentSeverity(0, 1)).toBe('serious');
    expect(incidentSeverity(4, 6)).toBe('major');
  });
});

describe('who an incident affects', () => {
  const point = { lat: 33.7, lon: 73.05 };
  it('takes people by distance, sites by point or perimeter, movements by corridor', () => {
    const affected = affectedByIncident(point, 2_000, {
      subjects: [
        { type: 'person', id: 'p1', partyId: 'cso', distanceM: 1500.4 },
        { type: 'unit', id: 'u1', partyId: 'ssd', distanceM: 2500 },
      ],
      sites: [
        { id: 'near', partyId: 'cso', point: { lat: 33.71, lon: 73.05 }, perimeter: null },
        { id: 'far', partyId: 'cso', point: { lat: 34, lon: 73.05 }, perimeter: null },
        {
          id: 'around',
          partyId: 'ssd',
          point: { lat: 34, lon: 74 },
          perimeter: {
            type: 'Polygon',
            coordinates: [
              [
                [73, 33.6],
                [73.1, 33.6],
                [73.1, 33.8],
                [73, 33.8],
                [73, 33.6],
              ],
            ],
          },
        },
      ],
      movements: [
        {
          id: 'm1',
          partyId: 'cso',
          route: [
            { lat: 33.7, lon: 73.1 },
            { lat: 33.6, lon: 73.1 },
          ],
          corridorM: 3_000,
        },
        {
          id: 'm2',
          partyId: 'cso',
          route: [
            { lat: 34.7, lon: 73.1 },
            { lat: 34.6, lon: 73.1 },
          ],
          corridorM: 1_000,
        },
      ],
    });
    expect(affected.map((a) => `${a.type}:${a.id}`)).toEqual([
      'site:around',
      'site:near',
      'person:p1',
      'movement:m1',
    ]);
    expect(affected.find((a) => a.id === 'p1')!.distanceM).toBe(1500);
  });
});

describe('curfew hours', () => {
  it('spans midnight in local time', () => {
    // 20:00–06:00 at UTC+5.
    const at = (iso: string) => inCurfew(new Date(iso), 20, 6, 300);
    expect(at('2026-12-01T14:59:00Z')).toBe(false);
    expect(at('2026-12-01T15:00:00Z')).toBe(true);
    expect(at('2026-12-01T23:00:00Z')).toBe(true);
    expect(at('2026-12-02T00:59:00Z')).toBe(true);
    expect(at('2026-12-02T01:00:00Z')).toBe(false);
    expect(inCurfew(new Date('2026-12-01T10:00:00Z'), 9, 17, 0)).toBe(true);
  });
});

describe('check-in deadlines', () => {
  const after = new Date('2026-12-01T10:00:00Z');
  it('takes the earlier of the next fixed time and the period', () => {
    expect(nextDeadline({ everyMinutes: 60, deadlines: [] }, after)).toEqual(
      new Date('2026-12-01T11:00:00Z'),
    );
    expect(
      nextDeadline({ everyMinutes: 60, deadlines: ['2026-12-01T09:00:00Z', '2026-12-01T10:30:00Z'] }, after),
    ).toEqual(new Date('2026-12-01T10:30:00Z'));
    expect(nextDeadline({ everyMinutes: null, deadlines: ['2026-12-01T09:00:00Z'] }, after)).toBeNull();
  });
  it('steps a missed deadline and tells a late check-in', () => {
    const minutes = { overdue: 30, emergency: 60 };
    expect([1, 2, 3].map((s) => stepDueAt(after, s as 1 | 2 | 3, minutes).toISOString())).toEqual([
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T10:30:00.000Z',
      '2026-12-01T11:00:00.000Z',
    ]);
    expect(isLate(new Date('2026-12-01T10:00:01Z'), after)).toBe(true);
    expect(isLate(after, after)).toBe(false);
    expect(isLate(after, null)).toBe(false);
  });
});

describe('alert parameters', () => {
  it('are the defaults, with a deployment’s overrides, and refuse an unknown or bad one', () => {
    expect(alertParametersFrom('')).toEqual(defaultAlertParameters);
    const p = alertParametersFrom('{"offCorridorMinutes":5,"incidentRadiusM":{"major":20000}}');
    expect(p.offCorridorMinutes).toBe(5);
    expect(p.incidentRadiusM).toEqual({ minor: 2_000, serious: 5_000, major: 20_000 });
    expect(() => alertParametersFrom('{"offCorridorMinutes":-1}')).toThrow(/offCorridorMinutes/);
    expect(() => alertParametersFrom('{"nonsense":1}')).toThrow(/JSMS_ALERT_PARAMETERS/);
    expect(() => alertParametersFrom('{')).toThrow(/not JSON/);
  });
});
