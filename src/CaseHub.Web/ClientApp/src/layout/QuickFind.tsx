import { useEffect, useRef, useState } from 'react';
import { Input, type InputRef } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { quickFindTarget } from '../lib/caseSearch';

/** The header's find box, on every page: a tracking number, a caller's phone or a keyword, then Enter. Ctrl+K focuses it. */
export function QuickFind() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const box = useRef<InputRef>(null);
  useEffect(() => {
    // Ctrl+K rather than a single key: it works while typing elsewhere, and no page uses it ("/" is the queue's own filter).
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        box.current?.focus({ cursor: 'all' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <Input.Search ref={box} value={value} onChange={(e) => setValue(e.target.value)} allowClear style={{ width: 340 }}
      placeholder={t('quickFind.placeholder')} aria-label={t('quickFind.label')}
      onSearch={(text) => {
        const target = quickFindTarget(text);
        if (!target) return;
        setValue('');
        box.current?.blur();
        void navigate(target);
      }} />
  );
}
