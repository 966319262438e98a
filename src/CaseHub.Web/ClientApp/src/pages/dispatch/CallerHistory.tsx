import { useEffect, useState } from 'react';
import { Alert } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { CaseLines } from '../../components/CaseLines';

/** Fewer digits than a local number cannot be the caller's; looking them up would only list strangers. */
const minimumDigits = 7;
const shown = 5;

/**
 * 来电人历史: while the agent records a call, the caller's earlier cases, newest first. A caller asking about last
 * week's complaint needs its progress, not a second case; links open in a new tab so the call's form stays.
 */
export function CallerHistory({ phone }: { phone: string | undefined }) {
  const { t } = useTranslation();
  const typed = phone?.trim() ?? '';
  const [settled, setSettled] = useState('');
  // Wait for the number to stop changing rather than search on every key.
  useEffect(() => {
    const timer = setTimeout(() => setSettled(typed), 400);
    return () => clearTimeout(timer);
  }, [typed]);
  const enough = settled.replace(/\D/g, '').length >= minimumDigits;
  const history = useQuery({
    queryKey: ['caller-history', settled], enabled: enough, staleTime: 30_000,
    queryFn: () => call(api.GET('/api/cases/search', { params: { query: { phone: settled, pageSize: shown } } })),
  });
  const cases = history.data?.items ?? [];
  if (!enough || cases.length === 0) return null;
  return (
    <Alert type="info" showIcon style={{ marginBottom: 12 }} role="region" aria-label={t('intake.history.title')}
      title={history.data?.hasMore ? t('intake.history.many', { count: shown }) : t('intake.history.some', { count: cases.length })}
      description={
        <>
          <CaseLines cases={cases} newTab />
          {history.data?.hasMore && (
            <a href={`/cases?phone=${encodeURIComponent(settled)}`} target="_blank" rel="noreferrer">{t('intake.history.all')}</a>
          )}
        </>
      } />
  );
}
