import { useTranslation } from 'react-i18next';
import { riskColours } from '../map/colours.js';

/** A risk level as its colour on the map and its name: the colour never carries the meaning alone. */
export function LevelBadge({ level }: { level: number }) {
  const { t } = useTranslation();
  return (
    <span className="level-badge">
      <span className="swatch" style={{ background: riskColours[level - 1] }} aria-hidden="true" />
      {t('riskScreen.levelName', { level, name: t(`riskScreen.levels.${level}`) })}
    </span>
  );
}
