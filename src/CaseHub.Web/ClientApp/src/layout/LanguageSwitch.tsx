import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage, type Language } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Select<Language>
      aria-label={t('lang.label')}
      size="small"
      value={i18n.language as Language}
      onChange={(value) => void changeLanguage(value)}
      options={[
        { value: 'zh-CN', label: t('lang.zh') },
        { value: 'en-US', label: t('lang.en') },
      ]}
      style={{ width: 96 }}
    />
  );
}
