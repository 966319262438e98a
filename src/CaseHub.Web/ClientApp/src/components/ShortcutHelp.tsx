import { Modal, Table } from 'antd';
import { useTranslation } from 'react-i18next';

export type Shortcut = { keys: readonly string[]; help: string };

/** The `?` dialog of a work page: each key and what it does. */
export function ShortcutHelp({ open, onClose, shortcuts }: { open: boolean; onClose: () => void; shortcuts: readonly Shortcut[] }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('dispatch.help.title')}>
      <Table size="small" pagination={false} rowKey={(r) => r.keys.join()} dataSource={[...shortcuts]}
        columns={[
          { title: '', width: 90, render: (_, r) => r.keys.map((k) => <kbd key={k} className="kbd" style={{ marginRight: 4 }}>{k}</kbd>) },
          { title: '', render: (_, r) => t(r.help as 'dispatch.help.title') },
        ]} showHeader={false} />
    </Modal>
  );
}
