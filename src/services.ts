import type { SystemActor } from './access/actor.js';
import { partyService } from './access/party.service.js';
import { deviceIdentityService } from './access/device-identity.service.js';
import { secondFactorService } from './access/second-factor.service.js';
import { sessionService } from './access/session.service.js';
import { throttleService } from './access/throttle.service.js';
import { tokenService } from './access/token.service.js';
import { userService } from './access/user.service.js';
import { agreementService } from './agreement/agreement.service.js';
import { auditService } from './audit/audit.service.js';
import { auditedWrites } from './audit/audited-write.js';
import { createEventFollower, createEventLog, createEvents, type Events } from './events.js';
import { incidentFileParser, incidentImporter } from './incidents/incident.import.js';
import { incidentService } from './incidents/incident.service.js';
import { reportService } from './incidents/report.service.js';
import type { Db } from './database.js';
import type { Clock } from './platform/clock.js';
import { type Config, keysDirOf } from './platform/config.js';
import { FieldCipher, loadEncryptionKey } from './platform/encryption.js';
import { eventRetentionMs } from './platform/event-log.js';
import { type Job, Scheduler } from './platform/scheduler.js';
import { personCsvReader, personImporter } from './registry/person.import.js';
import { personService } from './registry/person.service.js';
import { siteService } from './registry/site.service.js';
import { unitService } from './registry/unit.service.js';
import { registryAccess } from './registry/visibility.js';
import { defaultRiskParameters, type RiskParameters } from './risk/risk.js';
import { riskService } from './risk/risk.service.js';
import { movementAssessor } from './movements/movement.assess.js';
import { movementReassessment } from './movements/movement.reassess.js';
import { movementEscorts } from './movements/movement.escorts.js';
import { movementService } from './movements/movement.service.js';
import { type ApprovalTimeoutPayload, approvalTimeoutKind } from './movements/approval.timeout.js';
import { deviceCommands } from './tracking/device-commands.js';
import { alertParametersFrom } from './alerts/alert.parameters.js';
import { sosState } from './alerts/alert.repository.js';
import { alertService } from './alerts/alert.service.js';
import { alertTriggers } from './alerts/alert.triggers.js';
import { movementAlertRules } from './alerts/alert.movement-rules.js';
import { checkinService } from './alerts/checkin.service.js';
import { liveService } from './tracking/live.service.js';
import { type BatchWritten, type PositionSettings, positionService } from './tracking/position.service.js';
import { rollcallAnswers } from './alerts/rollcall.answers.js';
import { rollcallEscalation } from './alerts/rollcall.escalation.js';
import { rollcallFrames } from './alerts/rollcall.frames.js';
import * as rollcallRepo from './alerts/rollcall.repository.js';
import {
  rollcallCloseKind,
  rollcallService,
  rollcallWaveKind,
  type RollcallWavePayload,
} from './alerts/rollcall.service.js';
import { smtpMailer } from './alerts/email.js';
import { emailReplies } from './alerts/email.replies.js';
import { alertNotices, registerAlertNotices } from './alerts/notification.alerts.js';
import { movementNotices, registerMovementNotices } from './alerts/notification.movements.js';
import { registerRollcallNotices, rollcallNotices } from './alerts/notification.rollcalls.js';
import { usersOfPersons } from './alerts/notification.repository.js';
import { deliverKind, notificationService } from './alerts/notification.service.js';
import { subjectNames } from './alerts/notification.subjects.js';
import { webhookService } from './alerts/webhook.service.js';
import { loadMovement } from './movements/movement.transition.js';
import {
  approvalRoundOpener,
  movementApprovals as approvalsService,
} from './movements/movement.approvals.js';

/** The server itself, as the actor of timed work in the audit log. */
const serverActor: SystemActor = { type: 'system', id: 'server', partyId: null };

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  config: Config;
  /** The bus the app's events go out on; a new one when omitted. */
  events?: Events;
  /** Where a failing scheduled job is reported (the app's log); standard error when omitted. */
  onJobError?: (error: unknown, job: Job) => void;
  /** Where the event follower reports a failed read or a dropped connection; standard error when omitted. */
  onFollowerError?: (error: unknown) => void;
  /** Hashes a new password; argon2id when omitted. Tests reuse one hash of their shared password. */
  hashPassword?: (password: string) => Promise<string>;
  /** Told of every batch of positions committed (the app logs it and counts it). */
  onPositionBatch?: (batch: BatchWritten) => void;
  /** Position batches and per-device rate limits; the defaults when omitted (the ingest benchmark lifts the limits). */
  positionSettings?: PositionSettings;
}

/** Every capability's use cases, wired to one database and clock: the HTTP app and the CLI share them. */
export function buildServices(deps: ServiceDeps) {
  const {
    db,
    clock,
    config,
    events = createEvents(),
    onJobError,
    onFollowerError,
    hashPassword,
    positionSettings,
    onPositionBatch,
  } = deps;
  const dialect = config.databaseUrl ? 'postgres' : 'sqlite';
  const keysDir = keysDirOf(config);
  const cipher = new FieldCipher(loadEncryptionKey(config));
  // Every published event is also written to the durable log, which each instance follows.
  const eventLog = createEventLog(db, dialect);
  const eventFollower = createEventFollower(eventLog, {
    listenUrl: config.databaseUrl,
    ...(onFollowerError ? { report: onFollowerError } : {}),
  });
  const writes = auditedWrites({ db, clock, events, log: eventLog });
  // Timed work: each capability registers its jobs here; `jsms serve` starts it.
  const scheduler = new Scheduler({ db, dialect, clock, ...(onJobError ? { onError: onJobError } : {}) });
  scheduler.every('event_log.purge', 60 * 60_000, async (now) => {
    await eventLog.purge(new Date(now.getTime() - eventRetentionMs));
  });
  const parties = partyService({ db, writes });
  const agreements = agreementService({ db, writes, parties, keysDir, demo: config.demo });
  const access = registryAccess({
    parties,
    agreements,
    clock,
    // `users` is built below; a request asks only once the services are all there.
    commandedUnit: async (userId) => (await users.subjectsOf(userId))?.unitId ?? null,
  });
  const persons = personService({ db, writes, cipher, access });
  const incidents = incidentService({ db, clock, writes });
  const throttle = throttleService({ db, clock });
  const secondFactor = secondFactorService({ db, cipher });
  const audit = auditService({
    db,
    clock,
    writes,
    keysDir,
    demo: config.demo,
    visibleOwners: async (actor, entity) => access.visibleOwners(await access.viewing(actor), entity),
    // An incident comes from its own entry (created, or imported before imports wrote one entry)
    // or from its import's entry, which names the range of ids it stored.
    records: [
      {
        entityType: 'incident',
        creating: ['incident.created', 'incident.imported'],
        ids: incidents.storedIds,
      },
    ],
  });
  // Periodic checkpoints, signed as this server's own party; the other party cosigns them from its
  // own machine (jsms audit sign). One instance makes each, and a restart does not postpone it.
  scheduler.every('audit.checkpoint', config.checkpointMinutes * 60_000, async () => {
    await audit.checkpoint(serverActor);
  });
  const risk = riskService({
    db,
    parties,
    clock,
    writes,
    events,
    agreements,
    parameters: {
      ...defaultRiskParameters,
      halfLifeDays: config.riskHalfLifeDays,
      rings: config.riskRings,
      lookbackDays: config.riskLookbackDays,
      thresholds: config.riskThresholds as RiskParameters['thresholds'],
    },
  });
  const sites = siteService({ db, writes, access });
  const assessor = movementAssessor({ risk, agreements });
  // A round of approvals opens whenever a movement enters `submitted`: on submit, and falling back.
  const onSubmitted = approvalRoundOpener({ writes, agreements, scheduler, server: serverActor });
  const reassessment = movementReassessment({ db, clock, writes, events, risk, assessor, onSubmitted });
  const users = userService({ db, clock, writes, cipher, throttle, hashPassword });
  const reports = reportService({ db, sqliteDataDir: config.databaseUrl ? null : config.dataDir });
  const units = unitService({ db, writes, agreements, access });
  const movements = movementService({
    db,
    clock,
    writes,
    agreements,
    access,
    persons,
    sites,
    assessor,
    reassessment,
    // Departure counts the accepted escort (`escorts` is built next, from the movements' reads).
    escortOf: (movement) => escorts.escortOf(movement),
    personOf: async (userId) => (await users.subjectsOf(userId))?.personId ?? null,
    onSubmitted,
  });
  const escorts = movementEscorts({ db, writes, agreements, access, units, visibleMovement: movements.get });
  const movementApprovals = approvalsService({
    db,
    clock,
    writes,
    agreements,
    access,
    scheduler,
    movements,
    server: serverActor,
    settle: (actor, id) => escorts.settle(actor, id),
  });
  // A round of approvals still pending at the agreement's time-out escalates (or waits longer).
  scheduler.handle<ApprovalTimeoutPayload>(approvalTimeoutKind, (job) =>
    movementApprovals.timeOut(job.payload, job.now),
  );
  const positions = positionService({
    db,
    clock,
    writes,
    agreements,
    server: serverActor,
    ...(onPositionBatch ? { onBatch: onPositionBatch } : {}),
    ...(positionSettings ? { settings: positionSettings } : {}),
  });
  const live = liveService({
    positions,
    movements,
    parties,
    agreements,
    risk,
    clock,
    sosState: () => sosState(db),
  });
  events.on('position.recorded', async (event) => void (await live.apply(event)));
  events.on('movement.changed', async (event) => void (await live.apply(event)));
  events.on('alert.raised', async (event) => void (await live.apply(event)));
  events.on('alert.resolved', async (event) => void (await live.apply(event)));
  const alertParameters = alertParametersFrom(config.alertParameters);
  const alerts = alertService({
    db,
    writes,
    live,
    parties,
    agreements,
    personOf: async (userId) => (await users.subjectsOf(userId))?.personId ?? null,
    server: serverActor,
    clock,
  });
  for (const name of ['alert.raised', 'alert.acknowledged', 'alert.resolved', 'alert.escalated'] as const)
    events.on(name, (event) => alerts.track(event));
  const movementRules = movementAlertRules({
    db,
    alerts,
    live,
    risk,
    scheduler,
    parameters: alertParameters,
    clock,
  });
  // The rules events raise at once, on the instance whose write published the event.
  const triggers = alertTriggers({ db, alerts, live, parameters: alertParameters, clock, movementRules });
  events.on('position.recorded', (event) => triggers.onFix(event.payload));
  events.on('incident.recorded', (event) => triggers.onIncidents(event.payload));
  events.on('movement.changed', (event) => triggers.onMovement(event.payload));
  const checkins = checkinService({
    db,
    writes,
    scheduler,
    alerts,
    live,
    parties,
    risk,
    personOf: async (userId) => (await users.subjectsOf(userId))?.personId ?? null,
    parameters: alertParameters,
    server: serverActor,
  });
  // Every instance's writes, in log order (this instance's own come on the bus first, at once).
  eventFollower.follow((event) => {
    live
      .apply(event)
      .catch((error: unknown) => console.error('jsms: the live picture missed an event', error));
    alerts.track(event);
  });
  const commands = deviceCommands();
  // Roll-calls ask the devices of everyone expected, and then of the silent, to report at once.
  const requestLocation = async (subjects: readonly { type: 'person' | 'unit'; id: string }[]) => {
    for (const deviceId of await rollcallRepo.devicesOf(db, subjects)) commands.requestLocation(deviceId);
  };
  const rollcalls = rollcallService({
    db,
    clock,
    writes,
    scheduler,
    cipher,
    picture: live.picture,
    parties,
    agreements,
    viewing: (actor) => access.viewing(actor),
    site: (viewing, id) => sites.get(viewing, id),
    movement: (viewing, id) => movements.get(viewing, id),
    requestLocation,
    server: serverActor,
  });
  const rollcallAnswering = rollcallAnswers({
    db,
    writes,
    cipher,
    personOf: async (userId) => (await users.subjectsOf(userId))?.personId ?? null,
    ...(hashPassword ? { hashPin: hashPassword } : {}),
  });
  const rollcallWaves = rollcallEscalation({ db, writes, requestLocation, server: serverActor });
  scheduler.handle<RollcallWavePayload>(rollcallWaveKind, (job) => rollcallWaves.runWave(job.payload));
  scheduler.handle<{ rollcallId: string }>(rollcallCloseKind, (job) =>
    rollcalls.expire(job.payload.rollcallId),
  );
  // A duress answer is the silent alarm: an SOS alert staff see (never the person's own screen).
  events.on('rollcall.duress', async ({ payload }) => {
    const fix = live.picture.index.get(payload.subject)?.fix;
    await alerts.raise({
      rule: 'sos',
      subject: payload.subject,
      partyId: payload.partyId,
      eventAt: new Date(payload.at),
      location: fix ? { lat: fix.lat, lon: fix.lon } : null,
      details: { source: 'duress', rollcallId: payload.rollcallId },
    });
  });
  // An incident recorded near people starts a roll-call, on the instance that recorded it.
  events.on('incident.recorded', async (event) => {
    for (const incident of event.payload.incidents) await rollcalls.startForIncident(incident.id);
  });
  eventFollower.follow((event) => {
    rollcallWaves
      .apply(event)
      .catch((error: unknown) => console.error('jsms: roll-call corroboration missed an event', error));
  });
  // Fixes older than the agreement's retention go, hourly; a restart does not postpone it.
  scheduler.every('positions.purge', 60 * 60_000, async (now) => {
    await positions.purge(now);
  });
  // Notices: rendered per recipient through the presenters, delivered in the app at once and by
  // e-mail and webhook on the scheduler, which retries a failed attempt with growing delays.
  const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl, config.smtpFrom) : null;
  const notifications = notificationService({
    db,
    writes,
    scheduler,
    cipher,
    parties,
    access,
    subjects: subjectNames({ persons, movements, sites, units }),
    mailer,
    replyTo: config.smtpReplyTo ?? null,
    server: serverActor,
  });
  scheduler.handle(deliverKind, notifications.deliver);
  const noticesOfMovements = movementNotices({
    db,
    notify: notifications.notify,
    movement: (id) => loadMovement(db, id),
    hostParties: async () => (await parties.all()).filter((p) => p.kind === 'host').map((p) => p.id),
  });
  // Each change is told once, from the instance that made it, on the scheduler.
  const movementNoticesPending = registerMovementNotices({
    events,
    scheduler,
    db,
    clock,
    notices: noticesOfMovements,
  });
  // Alerts and roll-calls are told the same way, each on a keyed job of its own.
  const alertNoticesPending = registerAlertNotices({
    events,
    scheduler,
    db,
    clock,
    notices: alertNotices({
      notify: notifications.notify,
      parties: () => parties.all(),
      viewing: (actor) => live.viewing(actor),
      present: alerts.present,
    }),
  });
  const replies = emailReplies({ writes, server: serverActor });
  const rollcallNoticesPending = registerRollcallNotices({
    events,
    scheduler,
    db,
    clock,
    notices: rollcallNotices({
      db,
      notify: notifications.notify,
      usersOf: (personId) => usersOfPersons(db, [personId]),
    }),
    emailReplies: replies,
    answers: rollcallAnswering,
  });
  // Imports parse in worker threads, off the event loop.
  const personCsv = personCsvReader();
  const incidentFiles = incidentFileParser();
  return {
    events,
    /** The durable event log every instance writes to, numbered in commit order. */
    eventLog,
    /** This instance's follower of the log; `jsms serve` starts it with the scheduler. */
    eventFollower,
    scheduler,
    parties,
    users,
    sessions: sessionService({
      db,
      clock,
      writes,
      throttle,
      secondFactor,
      settings: { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours },
    }),
    tokens: tokenService({ db, clock, writes, throttle, secondFactor }),
    /** The device an MQTT topic names, for the broker bridge (the broker checked its secret). */
    deviceIdentities: deviceIdentityService({ db, clock }),
    audit,
    agreements,
    /** What the agreement in force lets a request's actor see of the registry. */
    visibility: access,
    persons,
    importPersons: personImporter({ db, cipher, persons, reader: personCsv }),
    incidents,
    importIncidents: incidentImporter({ incidents, parser: incidentFiles, clock }),
    risk,
    reports,
    sites,
    /** Re-assesses open movements when the risk picture or the agreement changes. */
    reassessment,
    movements,
    movementApprovals,
    escorts,
    units,
    positions,
    /** The latest fix of every subject, in memory; `start()` reads it from the database. */
    live,
    alerts,
    checkins,
    /** The rules that events raise at once; `idle()` waits for those under way. */
    alertTriggers: triggers,
    /** The alert rules' numbers: the defaults with JSMS_ALERT_PARAMETERS over them. */
    alertParameters,
    /** Notices to people and parties, each recipient's preferences, and the delivery log. */
    notifications,
    /** Each party's webhook endpoints. */
    webhooks: webhookService({ db, writes, cipher }),
    /** Replies to notices by e-mail, handed to the handler registered for their kind. */
    emailReplies: replies,
    /** Commands waiting for devices that read them from the reply to their next report. */
    deviceCommands: commands,
    /** Roll-calls: start, board, close (issue 13, part 2). */
    rollcalls,
    /** Answers to roll-calls: the person, staff on their behalf, the one-time link and e-mail replies. */
    rollcallAnswers: rollcallAnswering,
    /** Roll-calls' escalation waves and corroboration by fresh fixes; `start()` reads the open ones. */
    rollcallWaves,
    /** The stream's roll-call frames: the board's counts to staff, each person their own question. */
    rollcallFrames: rollcallFrames(db),
    /** Stops the worker threads. */
    async close(): Promise<void> {
      await Promise.all([
        movementNoticesPending.pending(),
        alertNoticesPending.pending(),
        rollcallNoticesPending.pending(),
      ]);
      await Promise.all([scheduler.stop(), eventFollower.stop(), triggers.idle()]);
      await Promise.all([reports.close(), personCsv.close(), incidentFiles.close()]);
      mailer?.close();
    },
  };
}

export type Services = ReturnType<typeof buildServices>;
