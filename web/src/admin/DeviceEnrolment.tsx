import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './CopyButton.js';
import { QrImage } from './QrImage.js';
import { ownTracksLink, traccarLink, traccarSettings, type EnrolmentInput } from './device-config.js';

/**
 * The codes that set up a new device's phone, shown once beside its token: one for OwnTracks and
 * one for Traccar Client, each also as a link to copy or open on the phone itself.
 */
export function DeviceEnrolment(input: EnrolmentInput) {
  const { t } = useTranslation();
  const traccar = traccarSettings(input);
  return (
    <section className="enrolment" aria-labelledby="enrolment-title">
      <h2 id="enrolment-title">{t('admin.devices.enrolment.title')}</h2>
      <p className="hint">{t('admin.devices.enrolment.intro')}</p>
      <div className="enrolment-apps">
        <EnrolmentApp
          id="owntracks"
          app={t('admin.devices.enrolment.owntracks.name')}
          steps={t('admin.devices.enrolment.owntracks.steps')}
          link={ownTracksLink(input)}
          deviceName={input.deviceName}
        />
        <EnrolmentApp
          id="traccar"
          app={t('admin.devices.enrolment.traccar.name')}
          steps={t('admin.devices.enrolment.traccar.steps')}
          link={traccarLink(input)}
          deviceName={input.deviceName}
        >
          {/* What to type into a version that takes no link. */}
          <dl className="enrolment-manual">
            <dt>{t('admin.devices.enrolment.traccar.serverUrl')}</dt>
            <dd dir="ltr">{traccar.url}</dd>
            <dt>{t('admin.devices.enrolment.traccar.identifier')}</dt>
            <dd dir="ltr">{traccar.id}</dd>
          </dl>
        </EnrolmentApp>
      </div>
    </section>
  );
}

function EnrolmentApp({
  id,
  app,
  steps,
  link,
  deviceName,
  children,
}: {
  id: string;
  app: string;
  steps: string;
  link: string;
  deviceName: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const linkLabel = t('admin.devices.enrolment.link', { app });
  return (
    <article className="enrolment-app" aria-labelledby={`enrolment-${id}`} data-app={id}>
      <h3 id={`enrolment-${id}`}>{app}</h3>
      <QrImage text={link} alt={t('admin.devices.enrolment.qrAlt', { app, name: deviceName })} size={320} />
      <p className="hint">{steps}</p>
      <label>
        {linkLabel}
        {/* A text box, so the whole link can be selected, scrolled and read by a screen reader. */}
        <textarea readOnly dir="ltr" rows={4} value={link} data-link={id} />
      </label>
      <div className="row">
        <CopyButton text={link} label={t('admin.devices.enrolment.copyLink', { app })} />
        <a href={link}>{t('admin.devices.enrolment.open', { app })}</a>
      </div>
      {children}
    </article>
  );
}
