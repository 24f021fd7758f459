/** A printable receipt (收据) of an order, with the office's service and supervision phones. */
import { DateTime } from 'luxon';
import { type HtmlEscapedString, html } from '../../../kernel/html.ts';
import type { Board } from '../board/board.entity.ts';
import type { Order } from './order.entity.ts';

export function receiptHtml(order: Order, board: Board, timeZone: string): HtmlEscapedString {
  const rows = order.lines.map(
    (l) => html`<tr><td>${l.name}</td><td>${l.quantity}</td><td>¥${l.unitPrice}</td><td>¥${l.amount}</td><td>${l.dueOn ?? ''}</td></tr>`,
  );
  const paidAt = DateTime.fromISO(order.paidAt).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm');
  return html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>收据 ${order.id}</title><style>body{font:14px system-ui,sans-serif;max-width:560px;margin:1rem auto}table{width:100%;border-collapse:collapse}td,th{border-bottom:1px solid #ccc;padding:.3rem;text-align:left}</style></head><body><h1>${board.title.zh} 收据 Receipt</h1><p>${order.id} · ${paidAt} · ${order.payment}</p><table><tr><th>项目 Item</th><th>数量 Qty</th><th>单价 Price</th><th>金额 Amount</th><th>归还 Due</th></tr>${rows}</table><p><strong>合计 Total ¥${order.total}</strong></p><p>服务电话 ${board.phones.service} · 监督电话 ${board.phones.supervision}</p></body></html>`;
}
