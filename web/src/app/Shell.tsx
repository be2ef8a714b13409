import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session.js';
import { AppLink } from '../common/AppLink.js';
import { can } from './can.js';
import { LanguagePicker } from './LanguagePicker.js';
import { screenForViewer, screens } from './screens.js';

/** The frame of every screen: navigation for what the viewer may use, who they are, the language. */
export function Shell({ path, children }: { path: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { me, signOut } = useSession();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top-bar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {me &&
              screens
                .filter((screen) => can(me, screen.permission))
                .map((screen) => (
                  <li key={screen.path}>
                    <AppLink
                      to={screen.path}
                      aria-current={screenForViewer(path, me) === screen ? 'page' : undefined}
                    >
                      {t(screen.label)}
                    </AppLink>
                  </li>
                ))}
          </ul>
        </nav>
        <div className="who">
          <LanguagePicker />
          {me && (
            <>
              <span className="user" title={me.username}>
                {t('nav.signedInAs', {
                  name: me.displayName,
                  party: t(`party.${me.partyKind}`),
                  roles: me.roles.map((r) => t(`roles.${r}`)).join(', '),
                })}
              </span>
              <button type="button" onClick={() => void signOut()}>
                {t('nav.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
