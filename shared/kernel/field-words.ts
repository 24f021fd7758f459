/**
 * Field names common to many records, in words: how a page heads a field
 * its schema gives no title, and how a refused field is named in an API
 * problem when the schema that refused it is not at hand.
 */
import { type Label, label } from './labels.ts';

export const COMMON_FIELDS: Record<string, Label> = {
  name: label('姓名', 'Name'),
  idNumber: label('身份证号', 'ID number'),
  phone: label('电话', 'Phone'),
  note: label('说明', 'Note'),
  reason: label('原因', 'Reason'),
  relation: label('与户主关系', 'Relation'),
  document: label('证件', 'Document'),
  province: label('省', 'Province'),
  city: label('市', 'City'),
  county: label('县', 'County'),
  amount: label('金额', 'Amount'),
  category: label('类别', 'Category'),
  description: label('描述', 'Description'),
  date: label('日期', 'Date'),
  from: label('起始', 'From'),
  to: label('截止', 'To'),
  id: label('编号', 'Id'),
  type: label('类型', 'Type'),
  action: label('操作', 'Action'),
  memo: label('摘要', 'Memo'),
  fundNature: label('资金性质', 'Fund nature'),
  debit: label('借方账户', 'Debit account'),
  credit: label('贷方账户', 'Credit account'),
  limit: label('每页条数', 'Page size'),
  cursor: label('翻页位置', 'Page position'),
};

/** A field path's last named part, in words when it is a common field, else the path itself. */
export function fieldInWords(path: string, lang: 'zh' | 'en'): string {
  const last =
    path
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .at(-1) ?? path;
  return Object.hasOwn(COMMON_FIELDS, last) ? COMMON_FIELDS[last]![lang] : path;
}
