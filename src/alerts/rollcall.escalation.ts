import type { Role, SystemActor } from '../access/actor.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import type { LiveEvent } from '../tracking/live.service.js';
import type { Subject } from '../tracking/live-index.js';
import type { PositionEvent } from '../tracking/tracking.events.js';
import { corroborates, type RollcallArea, stateOf, type WaveKind } from './rollcall.js';
import * as repo from './rollcall.repository.js';
import type { RollcallSubjectRow } from './rollcall.tables.js';
import type { RollcallWavePayload } from './rollcall.service.js';

/** A user as escalation chooses among them. */
export interface Recipient {
  id: string;
  party_id: string;
  roles: Role[];
  person_id: string | null;
  unit_id: string | null;
}

/** What ties a silent subject to a lead: its unit, its site's units, its movement's escorts. */
export interface LeadContext {
  /** Units based at each site. */
  unitsAtSite: ReadonlyMap<string, readonly string[]>;
  /** Accepted escort units of each movement. */
  escortsOf: ReadonlyMap<string, readonly string[]>;
}

/**
 * Whom a wave tells, pure: `reminder` the silent themselves (their person user, a unit's
 * commander); `lead` the commanders of their unit, of the units based at their site and of their
 * movement's escort, or, for a subject with none, its own party's coordinators; `coordinators`
 * the coordinators of every party. User ids, sorted, each once.
 */
export function waveRecipients(
  kind: WaveKind,
  silent: readonly Pick<
    RollcallSubjectRow,
    'subject_type' | 'subject_id' | 'party_id' | 'site_id' | 'movement_id'
  >[],
  users: readonly Recipient[],
  context: LeadContext,
): string[] {
  const chosen = new Set<string>();
  const commandersOf = (units: Iterable<string>) => {
    const wanted = new Set(units);
    return users.filter((u) => u.roles.includes('commander') && u.unit_id !== null && wanted.has(u.unit_id));
  };
  if (kind === 'coordinators') {
    for (const u of users) if (u.roles.includes('coordinator')) chosen.add(u.id);
  } else {
    for (const s of silent) {
      if (kind === 'reminder') {
        const own =
          s.subject_type === 'person'
            ? users.filter((u) => u.person_id === s.subject_id)
            : commandersOf([s.subject_id]);
        for (const u of own) chosen.add(u.id);
        continue;
      }
      const units = [
        ...(s.subject_type === 'unit' ? [s.subject_id] : []),
        ...(s.site_id ? (context.unitsAtSite.get(s.site_id) ?? []) : []),
        ...(s.movement_id ? (context.escortsOf.get(s.movement_id) ?? []) : []),
      ];
      let leads = commandersOf(units);
      if (leads.length === 0)
        leads = users.filter((u) => u.party_id === s.party_id && u.roles.includes('coordinator'));
      for (const u of leads) chosen.add(u.id);
    }
  }
  return [...chosen].sort();
}

/** An open roll-call as corroboration needs it: its area, its start, the subjects not yet corroborated. */
interface Watched {
  area: RollcallArea;
  startedAt: Date;
  waiting: Set<string>;
}

/**
 * The escalation waves, run by the scheduler, and corroboration by fresh fixes, fed the event log
 * in order. Each wave is recorded once (a job run twice runs it once) and published with its
 * recipients; the devices of the silent are asked to report at once.
 */
export function rollcallEscalation(deps: {
  db: Db;
  writes: AuditedWrites;
  requestLocation: (subjects: readonly Subject[]) => Promise<void>;
  server: SystemActor;
}) {
  const { db, writes, requestLocation, server } = deps;
  const watched = new Map<string, Watched>();

  async function watch(rollcallId: string): Promise<void> {
    const row = await repo.findRollcall(db, rollcallId);
    if (!row || row.status !== 'open') return;
    const subjects = await repo.subjectsOf(db, rollcallId);
    watched.set(rollcallId, {
      area: JSON.parse(row.area) as RollcallArea,
      startedAt: new Date(row.started_at),
      waiting: new Set(
        subjects.filter((s) => s.corroborated_at === null).map((s) => `${s.subject_type}:${s.subject_id}`),
      ),
    });
  }

  async function corroborate(fix: PositionEvent): Promise<void> {
    const key = `${fix.subject.type}:${fix.subject.id}`;
    const point = { lat: fix.lat, lon: fix.lon, fixAt: new Date(fix.fixAt) };
    for (const [rollcallId, w] of watched) {
      if (!w.waiting.has(key) || !corroborates(point, w.startedAt, w.area)) continue;
      w.waiting.delete(key);
      await writes.write(server, async ({ tx, audit, publish }) => {
        if (!(await repo.markCorroborated(tx, rollcallId, fix.subject, fix.fixAt))) return;
        await audit({
          action: 'rollcall.corroborated',
          entityId: rollcallId,
          partyId: fix.partyId,
          fields: ['corroborated_at'],
        });
        publish('rollcall.corroborated', {
          rollcallId,
          subject: fix.subject,
          partyId: fix.partyId,
          fixAt: fix.fixAt,
        });
      });
    }
  }

  return {
    /** Reads the open roll-calls whose subjects a fix may corroborate. */
    async start(): Promise<void> {
      watched.clear();
      for (const row of await repo.openRollcalls(db)) await watch(row.id);
    },

    /** Takes one event of any instance, in log order. */
    async apply(event: LiveEvent): Promise<void> {
      if (event.name === 'rollcall.started')
        await watch((event.payload as { rollcallId: string }).rollcallId);
      else if (event.name === 'rollcall.closed')
        watched.delete((event.payload as { rollcallId: string }).rollcallId);
      else if (event.name === 'position.recorded' && watched.size > 0)
        await corroborate(event.payload as PositionEvent);
    },

    /** Runs a wave when its job falls due: nothing once the roll-call is closed or the wave has run. */
    async runWave(payload: RollcallWavePayload): Promise<void> {
      const rollcall = await repo.findRollcall(db, payload.rollcallId);
      if (!rollcall || rollcall.status !== 'open') return;
      const wave = (await repo.wavesOf(db, rollcall.id)).find((w) => w.wave === payload.wave);
      if (!wave || wave.ran_at !== null) return;
      const subjects = await repo.subjectsOf(db, rollcall.id);
      const silent = subjects.filter(
        (s) => stateOf({ answer: s.answer, duress: s.duress === 1 }) === 'silent',
      );
      const [users, units] = await Promise.all([repo.enabledUsers(db), repo.unitBases(db)]);
      const unitsAtSite = new Map<string, string[]>();
      for (const u of units)
        if (u.base_site_id)
          unitsAtSite.set(u.base_site_id, [...(unitsAtSite.get(u.base_site_id) ?? []), u.id]);
      const escortsOf = new Map<string, string[]>();
      for (const m of await repo.manifestsOf(db, [
        ...new Set(silent.flatMap((s) => (s.movement_id ? [s.movement_id] : []))),
      ]))
        if (m.subject_type === 'unit')
          escortsOf.set(m.movement_id, [...(escortsOf.get(m.movement_id) ?? []), m.subject_id]);
      const recipients =
        silent.length === 0 ? [] : waveRecipients(wave.kind, silent, users, { unitsAtSite, escortsOf });
      const silentSubjects: Subject[] = silent.map((s) => ({ type: s.subject_type, id: s.subject_id }));
      const ran = await writes.write(server, async ({ tx, now, audit, publish }) => {
        const marked = await repo.markWaveRan(tx, rollcall.id, wave.wave, {
          ran_at: now.toISOString(),
          recipients: JSON.stringify(recipients),
          silent: JSON.stringify(silentSubjects),
        });
        if (!marked) return false;
        await audit({
          action: 'rollcall.escalated',
          entityId: rollcall.id,
          partyId: rollcall.party_id,
          fields: ['ran_at', 'recipients', 'silent'],
          details: { wave: String(wave.wave), kind: wave.kind, silent: String(silent.length) },
        });
        publish('rollcall.escalated', {
          rollcallId: rollcall.id,
          wave: wave.wave,
          kind: wave.kind,
          silent: silentSubjects,
          recipients,
        });
        return true;
      });
      if (ran && silentSubjects.length > 0) await requestLocation(silentSubjects);
    },
  };
}

export type RollcallEscalation = ReturnType<typeof rollcallEscalation>;
