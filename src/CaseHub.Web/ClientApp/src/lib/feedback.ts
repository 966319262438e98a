import type { FormInstance } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import type { TFunction } from 'i18next';
import { problemText, toFieldErrors } from '../api/problem';

/**
 * Shows a failed request: validation errors on the form's fields where they match one, everything else
 * (409's "who claimed it first", 403, 500…) as a message with the server's detail.
 */
export function showProblem(error: unknown, message: MessageInstance, t: TFunction, form?: FormInstance): void {
  if (form) {
    const names = [...new Set([...Object.keys(form.getFieldsValue() ?? {}), ...Object.keys(form.getFieldsValue(true) ?? {})])];
    const { fields, unmatched } = toFieldErrors(error, names);
    if (fields.length > 0) {
      form.setFields(fields);
      if (unmatched.length > 0) void message.error(unmatched.join(' '));
      return;
    }
  }
  void message.error(problemText(error, t('common.failed')));
}
