import { Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../api/types';
import { formatTime } from '../lib/format';

/**
 * Other cases in one line each (tracking number, status, title, day received), for a caller's history beside the
 * case in hand. In a dialog or drawer, links open a new tab so that the work in progress stays.
 */
export function CaseLines({ cases, newTab = false }: { cases: readonly CaseSummary[]; newTab?: boolean }) {
  const { t } = useTranslation();
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {cases.map((c) => (
        <li key={c.id} style={{ display: 'flex', gap: 8, alignItems: 'baseline', padding: '2px 0' }}>
          {newTab
            ? <a href={`/cases/${c.trackingNumber}`} target="_blank" rel="noreferrer">{c.trackingNumber}</a>
            : <Link to={`/cases/${c.trackingNumber}`}>{c.trackingNumber}</Link>}
          <Tag style={{ marginInlineEnd: 0 }}>{t(`status.${c.status}` as 'status.New', { defaultValue: c.status })}</Tag>
          <Typography.Text ellipsis style={{ flex: 1, minWidth: 0 }} title={c.title}>{c.title}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>{formatTime(c.receivedAt).slice(0, 10)}</Typography.Text>
        </li>
      ))}
    </ul>
  );
}
