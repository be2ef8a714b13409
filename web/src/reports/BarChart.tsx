import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/format.js';

export interface Bar {
  label: string;
  value: number;
}

const width = 640;
const rowHeight = 26;
const labelWidth = 190;
const valueWidth = 60;
const barArea = width - labelWidth - valueWidth;

/**
 * Horizontal bars with their values written beside them, drawn as inline SVG. Hidden from screen
 * readers: the table next to it holds the same figures and is the source of truth. Mirrored for a
 * right-to-left language, so the labels stay at the start of each line.
 */
export function BarChart({ bars }: { bars: Bar[] }) {
  const { i18n } = useTranslation();
  const rtl = i18n.dir() === 'rtl';
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * rowHeight + 4;
  // x of a span that starts `start` from the line's start, in the reading direction. Text anchors
  // need no mirroring: with the SVG's direction, `end` is the left end of a right-to-left line.
  const x = (start: number, length = 0) => (rtl ? width - start - length : start);
  return (
    <svg
      className="bar-chart"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      aria-hidden="true"
      focusable="false"
      direction={rtl ? 'rtl' : 'ltr'}
    >
      {bars.map((bar, i) => {
        const y = i * rowHeight + 2;
        const length = Math.round((bar.value / max) * barArea);
        return (
          <g key={bar.label + i}>
            <text
              x={x(labelWidth - 8)}
              y={y + rowHeight / 2}
              dominantBaseline="middle"
              textAnchor="end"
              className="bar-label"
            >
              {shorten(bar.label)}
            </text>
            <rect x={x(labelWidth, length)} y={y + 3} width={length} height={rowHeight - 6} rx="2" />
            <text
              x={x(labelWidth + length + 6)}
              y={y + rowHeight / 2}
              dominantBaseline="middle"
              textAnchor="start"
              className="bar-value"
            >
              {formatNumber(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A label that fits the chart's label column; the table beside it has it in full. */
function shorten(label: string): string {
  return label.length > 26 ? label.slice(0, 25) + '…' : label;
}
