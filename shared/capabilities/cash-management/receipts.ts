/**
 * Electronic receipts (电子回单): a stable, printable HTML document per
 * transfer, carrying a verification code that anyone holding the receipt
 * can check against the platform without signing in.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { html } from '../../kernel/html.ts';
import { Dec, formatYuan } from '../../kernel/money.ts';
import type { Account, EntryRecord } from '../../ledger/index.ts';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 16 characters of an HMAC over what the receipt states, in four groups for reading aloud. */
export function verificationCode(secret: string, entry: EntryRecord): string {
  const mac = createHmac('sha256', `receipt\n${secret}`)
    .update(JSON.stringify([entry.tenantId, entry.id, entry.postedAt, entry.legs.map((l) => [l.account, l.side, l.amount])]))
    .digest();
  let code = '';
  for (let i = 0; i < 16; i++) code += ALPHABET[mac[i]! % ALPHABET.length];
  return code.match(/.{4}/g)!.join('-');
}

export function codeMatches(secret: string, entry: EntryRecord, code: string): boolean {
  const expected = Buffer.from(verificationCode(secret, entry));
  const given = Buffer.from(code.toUpperCase().trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function renderReceipt(input: {
  tenantName: string;
  entry: EntryRecord;
  accounts: Map<string, Account>;
  code: string;
  verifyUrl: string;
  timeZone: string;
}): string {
  const { entry, accounts, code } = input;
  const when = new Date(entry.postedAt).toLocaleString('zh-CN', { timeZone: input.timeZone, hour12: false });
  const rows = entry.legs.map(
    (l) =>
      html`<tr><td>${l.side === 'debit' ? '借 Debit' : '贷 Credit'}</td><td>${accounts.get(l.account)?.name ?? l.account}<br><code>${l.account}</code></td><td class="n">${formatYuan(l.amount)}</td></tr>`,
  );
  const total = entry.legs.filter((l) => l.side === 'debit').reduce((s, l) => s.plus(l.amount), new Dec(0));
  return html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>电子回单 ${entry.id}</title>
<style>body{font:14px/1.6 system-ui,"Noto Sans CJK SC",sans-serif;max-width:720px;margin:2rem auto;color:#111}
h1{font-size:20px;text-align:center;margin-bottom:0}p.sub{text-align:center;color:#555;margin-top:0}
table{width:100%;border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #999;padding:.4rem .6rem;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}.code{font:16px ui-monospace,monospace;letter-spacing:1px}
@media print{body{margin:0}}</style></head><body>
<h1>电子回单 Electronic receipt</h1><p class="sub">${input.tenantName}</p>
<table><tr><th>回单编号 Transfer</th><td colspan="2"><code>${entry.id}</code></td></tr>
<tr><th>记账时间 Posted</th><td colspan="2">${when}（${entry.date}）</td></tr>
<tr><th>摘要 Memo</th><td colspan="2">${entry.memo}</td></tr>
<tr><th>状态 Status</th><td colspan="2">${entry.status}</td></tr>
${rows}
<tr><th colspan="2">金额合计 Total</th><td class="n"><strong>${formatYuan(total)}</strong></td></tr></table>
<p>验证码 Verification code: <span class="code">${code}</span><br>
验证 Verify: <code>${input.verifyUrl}</code></p>
</body></html>`.toString();
}
