/** A printable receipt (收据) of a property-fee payment. */
import { DateTime } from 'luxon';
import { type HtmlEscapedString, html } from '../../../kernel/html.ts';
import type { Household } from '../estate/estate.entity.ts';
import type { Payment } from './billing.entity.ts';

const METHOD: Record<Payment['method'], string> = { cash: '现金', card: '银行卡', wechat: '微信', alipay: '支付宝', transfer: '转账' };

export function renderPaymentReceipt(x: {
  office: string;
  household: Household;
  payment: Payment;
  timeZone: string;
}): HtmlEscapedString | Promise<HtmlEscapedString> {
  const at = DateTime.fromISO(x.payment.at, { zone: x.timeZone }).toFormat('yyyy-LL-dd HH:mm');
  return html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>收据 ${x.payment.id}</title>
<style>body{font:14px/1.6 system-ui,"Noto Sans CJK SC",sans-serif;max-width:36rem;margin:1rem auto;padding:0 1rem}h1{font-size:18px;text-align:center}
table{width:100%;border-collapse:collapse}td,th{border:1px solid #888;padding:.3rem .5rem;text-align:left}.sum{font-weight:bold}</style></head><body>
<h1>${x.office} 收据 Receipt</h1>
<p>收据号 No. ${x.payment.id} · ${at} · 住户 Household ${x.household.id}（${x.household.area} m²）</p>
<table><tr><th>项目 Item</th><th>金额 Amount (¥)</th></tr>
${x.payment.applied.map((a) => html`<tr><td>${a.source ? `${a.month} ${a.source}` : `${a.month} 物业费 fees`}</td><td>${a.amount}</td></tr>`)}
<tr class="sum"><td>合计 Total · ${METHOD[x.payment.method]}</td><td>${x.payment.amount}</td></tr></table>
<p>经办 Taken by ${x.payment.by} · 记账 Ledger entry ${x.payment.transferId}</p>
</body></html>`;
}
