import { Modal, Table } from 'antd';
import { useTranslation } from 'react-i18next';

export const shortcuts = [
  { keys: ['j', 'k'], help: 'dispatch.help.jk' },
  { keys: ['c'], help: 'dispatch.help.c' },
  { keys: ['d'], help: 'dispatch.help.d' },
  { keys: ['o'], help: 'dispatch.help.o' },
  { keys: ['m'], help: 'dispatch.help.m' },
  { keys: ['e'], help: 'dispatch.help.e' },
  { keys: ['/'], help: 'dispatch.help.slash' },
  { keys: ['n'], help: 'dispatch.help.n' },
  { keys: ['?'], help: 'dispatch.help.question' },
] as const;

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('dispatch.help.title')}>
      <Table size="small" pagination={false} rowKey={(r) => r.keys.join()} dataSource={[...shortcuts]}
        columns={[
          { title: '', width: 90, render: (_, r) => r.keys.map((k) => <kbd key={k} className="kbd" style={{ marginRight: 4 }}>{k}</kbd>) },
          { title: '', render: (_, r) => t(r.help) },
        ]} showHeader={false} />
    </Modal>
  );
}
