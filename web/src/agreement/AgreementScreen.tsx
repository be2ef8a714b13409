import { useTranslation } from 'react-i18next';
import { can } from '../app/can.js';
import { navigate, usePath } from '../app/router.js';
import { useMe } from '../auth/session.js';
import { AgreementDiff } from './AgreementDiff.js';
import { CurrentAgreement } from './CurrentAgreement.js';
import { ProposeVersion } from './ProposeVersion.js';
import { VersionList } from './VersionList.js';
import '../registry/registry.css';
import './agreement.css';

const tabs = ['current', 'versions', 'diff', 'propose'] as const;
type Tab = (typeof tabs)[number];

/** The agreement: the version in force as text and as a summary, the versions, their diff, a proposal. */
export function AgreementScreen() {
  const { t } = useTranslation();
  const me = useMe();
  const path = usePath();
  const [, , part, version] = path.split('/');
  const tab: Tab = tabs.includes(part as Tab) ? (part as Tab) : 'current';
  const shown = tabs.filter((name) => name !== 'propose' || can(me, 'agreement.manage'));
  return (
    <section className="panel agreement">
      <h1>{t('agreements.title')}</h1>
      <nav className="tabs" aria-label={t('agreements.tabs')}>
        {shown.map((name) => {
          const to = name === 'current' ? '/agreement' : `/agreement/${name}`;
          return (
            <a
              key={name}
              href={to}
              aria-current={name === tab ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                navigate(to);
              }}
            >
              {t(`agreements.tab.${name}`)}
            </a>
          );
        })}
      </nav>
      {tab === 'current' && <CurrentAgreement />}
      {tab === 'versions' && <VersionList selected={version ? Number(version) : undefined} />}
      {tab === 'diff' && <AgreementDiff />}
      {tab === 'propose' && can(me, 'agreement.manage') && <ProposeVersion />}
    </section>
  );
}
