import { Button, Form, Input, InputNumber, Space } from 'antd';
import { DeleteOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentMeta } from '../api/types';

/** Reads name, type and size of chosen files; the files themselves are not uploaded (only their metadata is recorded). */
export function fileMetadata(files: FileList | File[]): AttachmentMeta[] {
  return [...files].map((f) => ({ fileName: f.name, contentType: f.type || 'application/octet-stream', size: f.size }));
}

/** A Form.List of attachment metadata, filled from a file picker or by hand. */
export function AttachmentFields({ name = 'attachments', accept }: { name?: string; accept?: string }) {
  const { t } = useTranslation();
  const picker = useRef<HTMLInputElement>(null);
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => (
            <Space key={field.key} align="baseline" style={{ display: 'flex' }} wrap>
              <Form.Item name={[field.name, 'fileName']} rules={[{ required: true, message: t('common.required') }]}>
                <Input placeholder={t('inbox.fileName')} aria-label={t('inbox.fileName')} style={{ width: 180 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'contentType']} rules={[{ required: true, message: t('common.required') }]}>
                <Input placeholder={t('inbox.contentType')} aria-label={t('inbox.contentType')} style={{ width: 130 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'size']} rules={[{ required: true, message: t('common.required') }]}>
                <InputNumber min={0} placeholder={t('inbox.size')} aria-label={t('inbox.size')} style={{ width: 120 }} />
              </Form.Item>
              <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.close')} onClick={() => remove(field.name)} />
            </Space>
          ))}
          <input ref={picker} type="file" multiple accept={accept} style={{ display: 'none' }} aria-hidden
            onChange={(e) => {
              if (e.target.files) fileMetadata(e.target.files).forEach((m) => add(m));
              e.target.value = '';
            }} />
          <Button icon={<PaperClipOutlined />} onClick={() => picker.current?.click()}>{t('inbox.addAttachment')}</Button>
        </>
      )}
    </Form.List>
  );
}
