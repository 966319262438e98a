import { Layout, Menu } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

/** The citizen pages: no sign-in, one column, readable on a phone. */
export function PublicLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <Layout.Header style={{ background: '#1f5fbf', padding: '0 12px', display: 'flex', alignItems: 'center', height: 52 }}>
        <span style={{ color: '#fff', fontWeight: 600, marginRight: 16, whiteSpace: 'nowrap' }}>12345</span>
        <Menu mode="horizontal" theme="dark" style={{ background: 'transparent', flex: 1, minWidth: 0 }}
          selectedKeys={[location.pathname]}
          onClick={({ key }) => void navigate(key)}
          items={[
            { key: '/public/report', label: t('public.reportTitle') },
            { key: '/public/status', label: t('public.statusTitle') },
          ]} />
      </Layout.Header>
      <Layout.Content>
        <div className="public-page"><Outlet /></div>
      </Layout.Content>
    </Layout>
  );
}
