import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { roles, type Role } from '../../../src/access/actor.js';
import { api } from '../api/client.js';
import type { components } from '../api/schema.js';
import { can } from '../app/can.js';
import { useMe } from '../auth/session.js';
import { RecordTable } from '../common/RecordTable.js';
import { ErrorState } from '../common/States.js';
import { useAction } from '../common/useAction.js';
import { useApi } from '../common/useApi.js';
import { formatDate } from '../i18n/format.js';
import { ShownOnce } from './ShownOnce.js';
import './admin.css';

type User = components['schemas']['User'];

/** The party's users (admins only): create with roles, disable, give a new password. */
export function UsersScreen() {
  const { t } = useTranslation();
  const me = useMe();
  const users = useApi(() => api.get('/api/v1/users', {}, { limit: 500 }), []);
  const [shown, setShown] = useState<{ username: string; password: string }>();
  const action = useAction();

  /** Disable, or reset a password: the new password, if any, is shown once. */
  async function act(change: () => Promise<{ user: User; password?: string | undefined } | User>) {
    const answer = await action.run(change);
    if (!answer) return;
    if ('password' in answer && answer.password) {
      setShown({ username: answer.user.username, password: answer.password });
    }
    users.reload();
  }

  return (
    <div className="admin">
      <section className="panel" aria-labelledby="users-title">
        <h1 id="users-title">{t('admin.users.title')}</h1>
        {shown && (
          <ShownOnce
            label={t('admin.users.newPassword', { username: shown.username })}
            secret={shown.password}
            onDone={() => setShown(undefined)}
          />
        )}
        {action.error !== undefined && <ErrorState error={action.error} />}
        <RecordTable
          loaded={users}
          rows={users.data?.items}
          caption={t('admin.users.title')}
          empty={t('admin.users.none')}
          headers={[
            t('admin.users.username'),
            t('admin.users.displayName'),
            t('admin.users.roles'),
            t('admin.users.state'),
            t('admin.users.createdAt'),
            t('admin.actions'),
          ]}
        >
          {(user) => (
            <tr key={user.id} data-username={user.username}>
              <td>{user.username}</td>
              <td>{user.displayName}</td>
              <td>{user.roles.map((r) => t(`roles.${r}`)).join(', ')}</td>
              <td>
                {user.disabled
                  ? t('admin.users.disabled')
                  : user.totpEnrolled
                    ? t('admin.users.activeTotp')
                    : t('admin.users.active')}
              </td>
              <td>{formatDate(user.createdAt)}</td>
              <td>
                <div className="row">
                  {can(me, 'user.reset_password') && !user.disabled && (
                    <button
                      type="button"
                      aria-label={t('admin.users.resetFor', { username: user.username })}
                      onClick={() =>
                        void act(() =>
                          api.post(
                            '/api/v1/users/{id}/reset-password',
                            { resetTotp: false },
                            { id: user.id },
                          ),
                        )
                      }
                    >
                      {t('admin.users.reset')}
                    </button>
                  )}
                  {can(me, 'user.disable') && !user.disabled && user.id !== me.id && (
                    <button
                      type="button"
                      aria-label={t('admin.users.disableFor', { username: user.username })}
                      onClick={() => {
                        if (confirm(t('admin.users.confirmDisable', { username: user.username })))
                          void act(() => api.post('/api/v1/users/{id}/disable', undefined, { id: user.id }));
                      }}
                    >
                      {t('admin.users.disable')}
                    </button>
                  )}
                </div>
              </td>
            </tr>
          )}
        </RecordTable>
      </section>
      {can(me, 'user.create') && (
        <CreateUser
          onCreated={(username, password) => {
            setShown({ username, password });
            users.reload();
          }}
        />
      )}
    </div>
  );
}

function CreateUser({ onCreated }: { onCreated: (username: string, password: string) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [chosen, setChosen] = useState<Role[]>([]);
  const { run, error, busy } = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const answer = await run(() => api.post('/api/v1/users', { username, displayName, roles: chosen }));
    if (!answer) return;
    setUsername('');
    setDisplayName('');
    setChosen([]);
    onCreated(answer.user.username, answer.password ?? '');
  }

  return (
    <section className="panel" aria-labelledby="create-user-title">
      <h2 id="create-user-title">{t('admin.users.create')}</h2>
      <form onSubmit={submit}>
        <label>
          {t('admin.users.username')}
          <input
            name="username"
            required
            minLength={2}
            maxLength={64}
            autoComplete="off"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          {t('admin.users.displayName')}
          <input
            name="displayName"
            required
            maxLength={200}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </label>
        <fieldset>
          <legend>{t('admin.users.roles')}</legend>
          {roles.map((role) => (
            <label key={role} className="choice">
              <input
                type="checkbox"
                name="roles"
                value={role}
                checked={chosen.includes(role)}
                onChange={(e) =>
                  setChosen((c) => (e.target.checked ? [...c, role] : c.filter((r) => r !== role)))
                }
              />
              {t(`roles.${role}`)}
            </label>
          ))}
        </fieldset>
        <p className="hint">{t('admin.users.passwordHint')}</p>
        {error !== undefined && <ErrorState error={error} />}
        <button type="submit" className="primary" disabled={busy || chosen.length === 0}>
          {t('admin.users.create')}
        </button>
      </form>
    </section>
  );
}
