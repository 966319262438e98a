import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { problemText } from '../api/problem';

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Result status="403" title={t('errors.forbiddenTitle')} subTitle={t('errors.forbidden')}
      extra={<Link to="/"><Button type="primary">{t('errors.home')}</Button></Link>} />
  );
}

export function NotFoundPage({ message }: { message?: string }) {
  const { t } = useTranslation();
  return (
    <Result status="404" title={t('errors.notFoundTitle')} subTitle={message ?? t('errors.notFound')}
      extra={<Link to="/"><Button type="primary">{t('errors.home')}</Button></Link>} />
  );
}

/** A failed query as a page: 403 and 404 get their pages, anything else the server's problem text. */
export function QueryError({ error, notFound }: { error: unknown; notFound?: string }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 403) return <ForbiddenPage />;
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage message={notFound} />;
  return <Result status="error" title={t('errors.generic')} subTitle={problemText(error, t('errors.generic'))} />;
}
