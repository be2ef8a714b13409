import { useTranslation } from 'react-i18next';
import { formatKm, formatNumber } from '../i18n/format.js';
import { type Field, type KindSpec, type RegistryRecord, type Site, valueOf } from './kinds.js';

/** A record's field as the viewer may see it: withheld by the agreement, not recorded, or its value. */
export function ShownValue(props: { record: RegistryRecord; field: Field; siteNames: Map<string, string> }) {
  const { t } = useTranslation();
  const { record, field } = props;
  if (record.withheld.includes(field.name)) return <Withheld />;
  const value = valueOf(record, field.name);
  if (value === null || value === undefined || value === '')
    return <span className="muted">{t('common.none')}</span>;
  if (field.input === 'shape') return <>{t('registry.perimeterDrawn')}</>;
  if (field.input === 'site') return <>{props.siteNames.get(String(value)) ?? t('registry.unknownSite')}</>;
  if (field.labels) return <>{t(`${field.labels}.${String(value)}`)}</>;
  if (typeof value === 'number') return <>{formatNumber(value)}</>;
  return <>{String(value)}</>;
}

/** The marker of a field the agreement withholds: never an empty cell. */
export function Withheld() {
  const { t } = useTranslation();
  return <span className="withheld">{t('common.withheld')}</span>;
}

/** Where a record is, with the precision the agreement gives the viewer. */
export function ShownLocation({ record }: { record: RegistryRecord }) {
  const { t } = useTranslation();
  const location = record.location;
  if (!location)
    return record.withheld.includes('location') ? (
      <Withheld />
    ) : (
      <span className="muted">{t('common.none')}</span>
    );
  if (location.precision === 'area')
    return (
      <span className="precision precision-area">
        {t('registry.location.area', { size: formatKm(location.cellKm) })}
      </span>
    );
  return (
    <span className="precision precision-exact">
      {t('registry.location.exact', {
        lat: formatNumber(location.lat, 5),
        lon: formatNumber(location.lon, 5),
      })}
    </span>
  );
}

/**
 * Where a record is: its own location, or for a unit its base's, as the agreement shows that site
 * to the viewer. A base the agreement withholds leaves the unit's place withheld too.
 */
export function ShownPlace(props: { spec: KindSpec; record: RegistryRecord; sites: Site[] }) {
  const { t } = useTranslation();
  const { spec, record } = props;
  if (!spec.placedBy) return <ShownLocation record={record} />;
  if (record.withheld.includes(spec.placedBy)) return <Withheld />;
  const siteId = valueOf(record, spec.placedBy);
  const site = props.sites.find((s) => s.id === siteId);
  if (!site) return <span className="muted">{t('common.none')}</span>;
  return <ShownLocation record={site} />;
}
