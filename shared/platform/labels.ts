/**
 * The platform's own codes in words: what every tenant's pages show
 * whatever its kind (weekdays of the business calendar, a task's status,
 * who a notification goes to, a tenant's status). Kinds and capabilities
 * add theirs on top.
 */
import { COMMON_FIELDS } from '../kernel/field-words.ts';
import { type LabelTable, label } from '../kernel/labels.ts';

export const PLATFORM_LABELS: LabelTable = {
  weekday: {
    mon: label('星期一', 'Monday'),
    tue: label('星期二', 'Tuesday'),
    wed: label('星期三', 'Wednesday'),
    thu: label('星期四', 'Thursday'),
    fri: label('星期五', 'Friday'),
    sat: label('星期六', 'Saturday'),
    sun: label('星期日', 'Sunday'),
  },
  field: COMMON_FIELDS,
  taskStatus: {
    open: label('待办', 'Open'),
    done: label('已完成', 'Done'),
    cancelled: label('已取消', 'Cancelled'),
  },
  event: {
    created: label('受理', 'Received'),
    warn: label('临近时限', 'Nearing the deadline'),
    breach: label('已超时', 'Past the deadline'),
    escalate: label('超时升级', 'Escalated'),
  },
  recipient: {
    requester: label('申请人', 'Requester'),
    team: label('承办班组', 'The team'),
    assignee: label('承办人', 'The assignee'),
  },
  paymentMethod: {
    cash: label('现金', 'Cash'),
    card: label('银行卡', 'Card'),
    wechat: label('微信', 'WeChat'),
    alipay: label('支付宝', 'Alipay'),
    transfer: label('转账', 'Bank transfer'),
  },
  phase: {
    posted: label('已记账', 'Posted'),
    pending: label('待确认', 'Pending'),
    'post-pending': label('确认入账', 'Pending posted'),
    'void-pending': label('撤销待确认', 'Pending voided'),
    open: label('期初', 'Opening'),
  },
  runStatus: {
    pending: label('待运行', 'Pending'),
    queued: label('排队中', 'Queued'),
    running: label('运行中', 'Running'),
    done: label('已完成', 'Done'),
    skipped: label('已跳过', 'Skipped'),
    succeeded: label('已完成', 'Succeeded'),
    failed: label('失败', 'Failed'),
  },
  trigger: {
    schedule: label('定时', 'Scheduled'),
    operator: label('手动运行', 'Run by a user'),
    cli: label('命令行', 'From the command line'),
  },
  tenantStatus: {
    active: label('正常', 'Active'),
    suspended: label('已停用', 'Suspended'),
  },
  /** The ledger's account kinds (a kind's accounts and a capability's name theirs among these). */
  accountKind: {
    clearing: label('清算户', 'Clearing'),
    cost: label('成本', 'Cost'),
    expense: label('支出户', 'Expense'),
    fee: label('手续费', 'Fees'),
    fund: label('资金账户', 'Fund'),
    income: label('收入', 'Income'),
    interest: label('内部计价', 'Internal interest'),
    payable: label('应付', 'Payable'),
    receivable: label('应收', 'Receivable'),
    revenue: label('收入户', 'Revenue'),
  },
  actor: {
    system: label('系统', 'System'),
  },
  role: {
    'tenant-admin': label('管理员', 'Administrator'),
    auditor: label('审计', 'Auditor'),
    finance: label('财务', 'Finance'),
    'platform-operator': label('平台运维', 'Platform operator'),
  },
};
