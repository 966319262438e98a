import { Card, Input } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

export default function CaseLookupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Card title={t('cases.lookupTitle')} style={{ maxWidth: 560 }}>
      <Input.Search autoFocus enterButton placeholder={t('cases.lookupPlaceholder')} aria-label={t('cases.lookupPlaceholder')}
        onSearch={(value) => value.trim() && void navigate(`/cases/${encodeURIComponent(value.trim())}`)} />
    </Card>
  );
}
