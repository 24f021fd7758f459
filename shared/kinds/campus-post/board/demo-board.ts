/** The demo campus's board, in Chinese as its users read it (English alongside); also what a campus without a board of its own shows. */
import type { Board, BoardItem } from './board.entity.ts';

const since = '2026-01-01T00:00:00.000Z';
const item = (id: string, zh: string, en: string, amount: string, extra: Partial<BoardItem> = {}): BoardItem => ({
  id,
  name: { zh, en },
  prices: [{ amount, from: since }],
  withdrawn: false,
  ...extra,
});

export const DEMO_BOARD: Board = {
  title: { zh: '内蒙古大学校园邮政一站式服务点', en: 'Inner Mongolia University campus post office' },
  lines: [
    {
      id: 'letters',
      name: { zh: '函件', en: 'Letters' },
      items: [
        item('campus-envelope', '校园邮资封', 'Campus postage cover', '3.00'),
        item('postcard-custom', '个性化明信片', 'Personalised postcard', '5.00'),
        item('admission-mail', '录取通知书邮寄', 'Admission letter mailing', '18.00'),
      ],
    },
    { id: 'parcels', name: { zh: '包裹', en: 'Parcels' }, items: [item('campus-parcel', '校园包裹（首重）', 'Campus parcel (first kg)', '8.00')] },
    {
      id: 'express',
      name: { zh: '速递', en: 'Express' },
      items: [item('ems-file', '学生档案EMS', 'Student file by EMS', '22.00'), item('ems-id', '身份证件EMS', 'ID card by EMS', '20.00')],
    },
    {
      id: 'periodicals',
      name: { zh: '报刊', en: 'Periodicals' },
      items: [
        item('sub-reader', '《读者》订阅一学期', '"Reader" for a term', '48.00'),
        item('sub-english', '《英语周报》订阅一学期', 'English Weekly for a term', '36.00'),
        item('book-cet', '四六级真题（租借）', 'CET past papers (rental)', '5.00', { rental: { days: 14, lateFeePerDay: '0.50' } }),
      ],
    },
    { id: 'savings', name: { zh: '储蓄', en: 'Savings' }, items: [item('tuition-transfer', '学费汇款手续费', 'Tuition remittance fee', '2.00')] },
    {
      id: 'philately',
      name: { zh: '集邮', en: 'Philately' },
      items: [
        item('stamp-80', '普通邮票（1.20元）', 'Stamp (1.20)', '1.20'),
        item('album-grad', '毕业纪念邮册', 'Graduation stamp album', '128.00'),
        item('album-enrol', '新生入学纪念邮册', 'Enrolment stamp album', '98.00'),
      ],
    },
    { id: 'delivery', name: { zh: '投递', en: 'Delivery' }, items: [item('door-delivery', '送货上门（宿舍）', 'Door delivery (dormitory)', '2.00')] },
    {
      id: 'agency',
      name: { zh: '代理', en: 'Agency' },
      items: [item('topup-50', '话费充值50元', 'Phone top-up 50', '50.00'), item('ticket-fee', '火车票代售服务费', 'Train ticket service fee', '5.00')],
    },
  ],
  hours: {
    regular: [
      { days: { zh: '周一至周五', en: 'Mon–Fri' }, open: '08:30', close: '18:00' },
      { days: { zh: '周六、周日', en: 'Sat–Sun' }, open: '10:00', close: '16:00' },
    ],
    exceptions: [{ date: '2026-10-01', closed: true, note: { zh: '国庆节休息', en: 'National Day: closed' } }],
  },
  phones: { service: '0471-4992000', supervision: '0471-11185' },
  parcels: { reminderDays: [3, 7], retentionDays: 14, freeDays: 3, storageFeePerDay: '0.50' },
};
