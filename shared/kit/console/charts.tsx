/**
 * Charts drawn on the server as SVG: nothing to download, nothing fetched
 * from a CDN, readable without script, and with a text table alternative.
 */
import type { FC } from 'hono/jsx';
import { Dec } from '../../kernel/money.ts';
import type { Lang } from './i18n.ts';

/** Colours told apart in print and by most colour-blind readers, in order of use. */
export const PALETTE = ['#0b5cad', '#0b6b3a', '#a15c00', '#6b2fa1', '#a1121e', '#2f6f73', '#5b6670', '#8a6d00'];

export interface Series {
  name: string;
  color: string;
  /** Decimal strings (amounts, counts, percentages): printed as given, scaled exactly. */
  values: string[];
}

/**
 * Bars per label and series. Only bar geometry becomes a float; every value
 * a person reads (axis, tooltip, table) is the decimal string, through `format`.
 */
export const BarChart: FC<{ lang: Lang; title: string; labels: string[]; series: Series[]; format?: (value: string) => string; height?: number }> = ({
  lang,
  title,
  labels,
  series,
  format = (v) => v,
  height = 180,
}) => {
  const width = Math.max(320, labels.length * Math.max(44, series.length * 12 + 14) + 60);
  const max = Dec.max(1, ...series.flatMap((s) => s.values));
  const plot = height - 40;
  const group = (width - 50) / Math.max(1, labels.length);
  const bar = Math.min(18, Math.max(4, (group - 6) / series.length - 2));
  return (
    <figure style="margin:0">
      <figcaption>
        <strong>{title}</strong>
        {series.map((s) => (
          <span style={`margin-left:.8rem;color:${s.color}`}>■ {s.name}</span>
        ))}
      </figcaption>
      {/* Drawn at its own size and scrolled inside its box on a narrow screen: shrunk to fit, its labels would be unreadable. */}
      <div class="scroll">
        <svg role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
          <line x1="40" y1={plot + 5} x2={width} y2={plot + 5} stroke="#8a96a3" />
          <text x="2" y="14">
            {format(max.toString())}
          </text>
          <text x="2" y={plot + 5}>
            0
          </text>
          {labels.map((label, i) => (
            <>
              {series.map((s, j) => {
                // Negative values (a day that took more out than it put in) draw no bar; the table shows them.
                const h = Dec.max(0, s.values[i]!)
                  .div(max)
                  .times(plot - 10)
                  .toNumber();
                return (
                  <rect x={45 + i * group + j * (bar + 2)} y={plot + 5 - h} width={bar} height={h} fill={s.color}>
                    <title>{`${s.name} ${label}: ${format(s.values[i]!)}`}</title>
                  </rect>
                );
              })}
              <text x={45 + i * group} y={height - 8}>
                {label}
              </text>
            </>
          ))}
        </svg>
      </div>
      <details>
        <summary class="muted">{lang === 'zh' ? '数据表' : 'As a table'}</summary>
        <table class="scroll">
          <tr>
            <th></th>
            {series.map((s) => (
              <th class="n">{s.name}</th>
            ))}
          </tr>
          {labels.map((label, i) => (
            <tr>
              <td>{label}</td>
              {series.map((s) => (
                <td class="n">{format(s.values[i]!)}</td>
              ))}
            </tr>
          ))}
        </table>
      </details>
    </figure>
  );
};
