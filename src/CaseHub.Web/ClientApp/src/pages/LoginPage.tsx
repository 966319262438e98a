import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthProvider';
import { homePath } from '../auth/access';
import { problemText } from '../api/problem';
import { LanguageSwitch } from '../layout/LanguageSwitch';

type Values = { userName: string; password: string };

/** Only same-site paths are followed after sign-in. */
function safeReturn(value: string | null): string | null {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : null;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { me, signIn } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const returnTo = safeReturn(params.get('returnTo'));

  if (me) return <Navigate to={returnTo ?? homePath(me.roles)} replace />;

  const onFinish = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const user = await signIn(values.userName.trim(), values.password);
      void navigate(returnTo ?? homePath(user.roles), { replace: true });
    } catch (e) {
      setError(problemText(e, t('auth.failed')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#eef2f7', padding: 16 }}>
      <Card style={{ width: 380, maxWidth: '100%' }}
        title={<Typography.Title level={4} style={{ margin: 0 }}>{t('app.name')}</Typography.Title>}
        extra={<LanguageSwitch />}>
        {params.get('expired') && !error && <Alert type="warning" showIcon title={t('auth.sessionExpired')} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form<Values> layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="userName" label={t('auth.userName')} rules={[{ required: true, message: t('common.required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('common.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t('auth.signIn')}</Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('auth.demoHint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
