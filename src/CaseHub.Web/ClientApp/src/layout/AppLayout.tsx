import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import {
  AlertOutlined, ApartmentOutlined, AuditOutlined, ClusterOutlined, InboxOutlined, LogoutOutlined, PhoneOutlined, ProfileOutlined, SearchOutlined,
} from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthProvider';
import { pagePaths, visiblePages, type PageKey } from '../auth/access';
import { LanguageSwitch } from './LanguageSwitch';
import { QuickFind } from './QuickFind';

const icons: Record<PageKey, React.ReactNode> = {
  dispatch: <PhoneOutlined />,
  inbox: <InboxOutlined />,
  supervision: <AlertOutlined />,
  audit: <AuditOutlined />,
  designer: <ApartmentOutlined />,
  items: <ProfileOutlined />,
  org: <ClusterOutlined />,
};

export function AppLayout() {
  const { t } = useTranslation();
  const { me, signOut } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const pages = visiblePages(me?.roles);
  const items = [
    ...pages.map((page) => ({ key: pagePaths[page], icon: icons[page], label: t(`menu.${page}`) })),
    { key: '/cases', icon: <SearchOutlined />, label: t('menu.cases') },
  ];
  const selected = items.find((i) => location.pathname.startsWith(i.key))?.key;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={56} width={176} theme="dark">
        <div style={{ color: '#fff', padding: '14px 16px', fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden' }}>
          {t('app.name')}
        </div>
        <Menu theme="dark" mode="inline" selectedKeys={selected ? [selected] : []} items={items}
          onClick={({ key }) => void navigate(key)} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 16px', display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 16, height: 48, lineHeight: '48px', borderBottom: '1px solid #f0f0f0' }}>
          <QuickFind />
          <Space size="middle">
            <LanguageSwitch />
            {me && (
              <Space size={4}>
                <Typography.Text strong data-testid="user-name">{me.displayName || me.userName}</Typography.Text>
                {me.roles.map((r) => <Tag key={r}>{t(`roles.${r}`)}</Tag>)}
              </Space>
            )}
            <Button icon={<LogoutOutlined />} onClick={() => void signOut()}>{t('auth.signOut')}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
