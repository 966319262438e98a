import type { ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zh_CN from 'antd/locale/zh_CN';
import en_US from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';

/** antd's locale follows i18next's language; dayjs is switched in changeLanguage(). */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en-US' ? en_US : zh_CN;
  return (
    <ConfigProvider locale={locale} theme={{ zeroRuntime: true, token: { colorPrimary: '#1f5fbf', borderRadius: 4 } }} componentSize="middle">
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
