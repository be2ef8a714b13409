import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/format.js';
import { type CurvePoint, curvePath, durationParts } from './rollcall.js';

const width = 320;
const height = 120;

/** The accounted-for share over time since the start, a step at each answer, 0–100%. */
export function AccountedChart({ curve, elapsedMs }: { curve: readonly CurvePoint[]; elapsedMs: number }) {
  const { t } = useTranslation();
  const last = curve.at(-1);
  const share = Math.round((last?.share ?? 0) * 100);
  return (
    <figure className="accounted-chart">
      <svg
        viewBox={`-30 -8 ${width + 40} ${height + 28}`}
        role="img"
        aria-label={t('rollcalls.chart.label', { share: formatNumber(share) })}
      >
        <line x1={0} y1={height} x2={width} y2={height} className="axis" />
        <line x1={0} y1={0} x2={0} y2={height} className="axis" />
        <line x1={0} y1={0} x2={width} y2={0} className="goal" />
        <text x={-4} y={4} textAnchor="end">
          {formatNumber(100)}%
        </text>
        <text x={-4} y={height} textAnchor="end">
          {formatNumber(0)}%
        </text>
        <text x={width} y={height + 16} textAnchor="end">
          {t('rollcalls.chart.after', durationParts(Math.max(elapsedMs, last?.afterMs ?? 0)))}
        </text>
        <path d={curvePath(curve, elapsedMs, width, height)} className="curve" />
      </svg>
      <figcaption>{t('rollcalls.chart.caption')}</figcaption>
    </figure>
  );
}
