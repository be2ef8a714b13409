import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { SessionProvider, useSession } from '../auth/session.js';
import { SignIn } from '../auth/SignIn.js';
import { TotpEnrolment } from '../auth/TotpEnrolment.js';
import { Loading } from '../common/States.js';
import { usePath } from './router.js';
import { screenForViewer } from './screens.js';
import { Shell } from './Shell.js';

export function App() {
  return (
    <SessionProvider>
      <Screens />
    </SessionProvider>
  );
}

function Screens() {
  const { t } = useTranslation();
  const { me, checked } = useSession();
  const path = usePath();
  if (!checked) return <Loading />;
  if (!me) return <SignIn />;
  if (!me.secondFactorOk) {
    return (
      <Shell path={path}>
        <TotpEnrolment />
      </Shell>
    );
  }
  const screen = screenForViewer(path, me);
  return (
    <Shell path={path}>
      {screen ? (
        <Suspense fallback={<Loading />}>
          <screen.component />
        </Suspense>
      ) : (
        <section className="panel narrow">
          <h1>{t('errors.route_not_found')}</h1>
        </section>
      )}
    </Shell>
  );
}
