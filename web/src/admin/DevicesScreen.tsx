import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { can } from '../app/can.js';
import { useMe } from '../auth/session.js';
import { RecordTable } from '../common/RecordTable.js';
import { ErrorState, Loading } from '../common/States.js';
import { useAction } from '../common/useAction.js';
import { useApi } from '../common/useApi.js';
import { formatDate } from '../i18n/format.js';
import { DeviceEnrolment } from './DeviceEnrolment.js';
import type { EnrolmentInput } from './device-config.js';
import { ShownOnce } from './ShownOnce.js';
import './admin.css';

type SubjectType = 'person' | 'unit';

/** The party's own persons and units, by name: what a device may report for. */
async function loadSubjects(partyId: string) {
  const [persons, units] = await Promise.all([
    api.get('/api/v1/persons', {}, { limit: 500 }),
    api.get('/api/v1/units', {}, { limit: 500 }),
  ]);
  const own = <T extends { partyId: string }>(items: T[]) => items.filter((i) => i.partyId === partyId);
  return {
    person: own(persons.items).map((p) => ({ id: p.id, name: p.name ?? p.id })),
    unit: own(units.items).map((u) => ({ id: u.id, name: u.callSign ?? u.id })),
  };
}

/**
 * The party's tracking devices: register one for a person or unit (its token shown once, with the
 * codes that set up the phone's app), revoke.
 */
export function DevicesScreen() {
  const { t } = useTranslation();
  const me = useMe();
  const devices = useApi(() => api.get('/api/v1/devices', {}, { limit: 500 }), []);
  const subjects = useApi(() => loadSubjects(me.partyId), [me.partyId]);
  const [shown, setShown] = useState<Omit<EnrolmentInput, 'origin'>>();
  const action = useAction();
  const subjectName = (type: SubjectType, id: string) =>
    subjects.data?.[type].find((s) => s.id === id)?.name ?? id;

  async function revoke(id: string) {
    if (await action.run(() => api.post('/api/v1/devices/{id}/revoke', undefined, { id }))) devices.reload();
  }

  return (
    <div className="admin">
      <section className="panel" aria-labelledby="devices-title">
        <h1 id="devices-title">{t('admin.devices.title')}</h1>
        {shown && (
          <ShownOnce
            label={t('admin.devices.token', { name: shown.deviceName })}
            secret={shown.token}
            onDone={() => setShown(undefined)}
          >
            {/* The UI is served by the API server, so the phone reaches the ingest on this origin. */}
            <DeviceEnrolment {...shown} origin={window.location.origin} />
          </ShownOnce>
        )}
        {action.error !== undefined && <ErrorState error={action.error} />}
        <RecordTable
          loaded={devices}
          rows={devices.data?.items}
          caption={t('admin.devices.title')}
          empty={t('admin.devices.none')}
          headers={[
            t('admin.devices.name'),
            t('admin.devices.subject'),
            t('admin.createdAt'),
            t('admin.devices.lastSeenAt'),
            t('admin.actions'),
          ]}
        >
          {(device) => (
            <tr key={device.id} data-device={device.name}>
              <td>{device.name}</td>
              <td>
                {t(`admin.devices.subjectTypes.${device.subjectType}`)}:{' '}
                {subjectName(device.subjectType, device.subjectId)}
              </td>
              <td>{formatDate(device.createdAt, true)}</td>
              <td>
                {device.lastSeenAt ? formatDate(device.lastSeenAt, true) : t('admin.devices.neverSeen')}
              </td>
              <td>
                <div className="row">
                  {device.revoked
                    ? t('admin.revoked')
                    : can(me, 'device.revoke') && (
                        <button
                          type="button"
                          aria-label={t('admin.revokeNamed', { name: device.name })}
                          onClick={() => void revoke(device.id)}
                        >
                          {t('admin.revoke')}
                        </button>
                      )}
                </div>
              </td>
            </tr>
          )}
        </RecordTable>
      </section>
      {can(me, 'device.create') && (
        <section className="panel" aria-labelledby="register-device-title">
          <h2 id="register-device-title">{t('admin.devices.register')}</h2>
          {subjects.error !== undefined && <ErrorState error={subjects.error} onRetry={subjects.reload} />}
          {!subjects.data && subjects.loading && <Loading />}
          {subjects.data && (
            <RegisterDevice
              subjects={subjects.data}
              onRegistered={(registered) => {
                setShown(registered);
                devices.reload();
              }}
            />
          )}
        </section>
      )}
    </div>
  );
}

function RegisterDevice({
  subjects,
  onRegistered,
}: {
  subjects: Record<SubjectType, { id: string; name: string }[]>;
  onRegistered: (registered: Omit<EnrolmentInput, 'origin'>) => void;
}) {
  const { t } = useTranslation();
  const [subjectType, setSubjectType] = useState<SubjectType>('unit');
  const [subjectId, setSubjectId] = useState('');
  const [name, setName] = useState('');
  const { run, error, busy } = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const answer = await run(() => api.post('/api/v1/devices', { subjectType, subjectId, name }));
    if (!answer) return;
    setName('');
    const { subjectType: type, subjectId: id } = answer.device;
    const subjectName = subjects[type].find((s) => s.id === id)?.name ?? id;
    onRegistered({
      deviceName: answer.device.name,
      token: answer.token,
      subject: { type, name: subjectName },
    });
  }

  return (
    <form onSubmit={submit}>
      <label>
        {t('admin.devices.subjectType')}
        <select
          name="subjectType"
          value={subjectType}
          onChange={(e) => {
            setSubjectType(e.target.value as SubjectType);
            setSubjectId('');
          }}
        >
          <option value="unit">{t('admin.devices.subjectTypes.unit')}</option>
          <option value="person">{t('admin.devices.subjectTypes.person')}</option>
        </select>
      </label>
      <label>
        {t('admin.devices.subject')}
        <select name="subjectId" required value={subjectId} onChange={(e) => setSubjectId(e.target.value)}>
          <option value="">{t('admin.devices.choose')}</option>
          {subjects[subjectType].map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('admin.devices.name')}
        <input name="name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      {error !== undefined && <ErrorState error={error} />}
      <button type="submit" className="primary" disabled={busy}>
        {t('admin.devices.register')}
      </button>
    </form>
  );
}
