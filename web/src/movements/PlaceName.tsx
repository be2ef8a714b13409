import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/format.js';
import type { Movement } from './movement.js';

/** An origin or destination: the site's name, or the point's coordinates; withheld when not shared. */
export function PlaceName({ place, names }: { place: Movement['origin']; names: Map<string, string> }) {
  const { t } = useTranslation();
  if (!place) return <span className="withheld">{t('movements.withheld')}</span>;
  if (place.siteId) return <span dir="auto">{names.get(place.siteId) ?? t('movements.unnamedSite')}</span>;
  return (
    <span>{t('movements.point', { lat: formatNumber(place.lat, 4), lon: formatNumber(place.lon, 4) })}</span>
  );
}
