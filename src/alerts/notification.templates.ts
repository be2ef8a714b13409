import type { Language } from '../access/actor.js';

/**
 * The server's own messages, in the app's three languages: a title and a body per template key,
 * with `{{name}}` placeholders. `{{subject}}` is the record as the recipient may see it (rendered
 * by the notification service from the presenter), never a raw field. Pure.
 */

interface Text {
  title: string;
  body: string;
}

type Templates = Record<string, Record<Language, Text>>;

export const templates = {
  'movement.submitted': {
    en: { title: 'Movement submitted: {{subject}}', body: '{{subject}} was submitted for approval.' },
    zh: { title: '行程已提交：{{subject}}', body: '{{subject}} 已提交审批。' },
    ur: { title: 'نقل و حرکت جمع کرائی گئی: {{subject}}', body: '{{subject}} منظوری کے لیے جمع کرائی گئی۔' },
  },
  'movement.approved': {
    en: { title: 'Movement approved: {{subject}}', body: '{{subject}} has every approval it needs.' },
    zh: { title: '行程已批准：{{subject}}', body: '{{subject}} 已获得所需的全部批准。' },
    ur: { title: 'نقل و حرکت منظور: {{subject}}', body: '{{subject}} کو تمام مطلوبہ منظوریاں مل گئیں۔' },
  },
  'movement.rejected': {
    en: { title: 'Movement rejected: {{subject}}', body: '{{subject}} was rejected.' },
    zh: { title: '行程被拒绝：{{subject}}', body: '{{subject}} 已被拒绝。' },
    ur: { title: 'نقل و حرکت مسترد: {{subject}}', body: '{{subject}} مسترد کر دی گئی۔' },
  },
  'movement.ready': {
    en: { title: 'Movement ready: {{subject}}', body: 'The escort of {{subject}} is assigned.' },
    zh: { title: '行程就绪：{{subject}}', body: '{{subject}} 的护卫已指派。' },
    ur: { title: 'نقل و حرکت تیار: {{subject}}', body: '{{subject}} کا حفاظتی دستہ مقرر ہو گیا۔' },
  },
  'movement.departed': {
    en: { title: 'Movement under way: {{subject}}', body: '{{subject}} departed at {{at}} (UTC).' },
    zh: { title: '行程已出发：{{subject}}', body: '{{subject}} 已于 {{at}}（UTC）出发。' },
    ur: { title: 'نقل و حرکت روانہ: {{subject}}', body: '{{subject}} {{at}} (UTC) پر روانہ ہوئی۔' },
  },
  'movement.arrived': {
    en: { title: 'Movement arrived: {{subject}}', body: '{{subject}} arrived at {{at}} (UTC).' },
    zh: { title: '行程已到达：{{subject}}', body: '{{subject}} 已于 {{at}}（UTC）到达。' },
    ur: { title: 'نقل و حرکت پہنچ گئی: {{subject}}', body: '{{subject}} {{at}} (UTC) پر پہنچ گئی۔' },
  },
  'movement.aborted': {
    en: { title: 'Movement aborted: {{subject}}', body: '{{subject}} was aborted at {{at}} (UTC).' },
    zh: { title: '行程已中止：{{subject}}', body: '{{subject}} 已于 {{at}}（UTC）中止。' },
    ur: { title: 'نقل و حرکت روک دی گئی: {{subject}}', body: '{{subject}} {{at}} (UTC) پر روک دی گئی۔' },
  },
  'movement.cancelled': {
    en: { title: 'Movement cancelled: {{subject}}', body: '{{subject}} was cancelled.' },
    zh: { title: '行程已取消：{{subject}}', body: '{{subject}} 已取消。' },
    ur: { title: 'نقل و حرکت منسوخ: {{subject}}', body: '{{subject}} منسوخ کر دی گئی۔' },
  },
  'movement.escalated': {
    en: {
      title: 'Approval overdue: {{subject}}',
      body: 'An approval of {{subject}} was still pending at {{deadline}} (UTC): please decide.',
    },
    zh: {
      title: '审批超时：{{subject}}',
      body: '{{subject}} 的审批在 {{deadline}}（UTC）仍未决定：请尽快处理。',
    },
    ur: {
      title: 'منظوری میں تاخیر: {{subject}}',
      body: '{{subject}} کی منظوری {{deadline}} (UTC) تک زیر التوا تھی: براہ کرم فیصلہ کریں۔',
    },
  },
  'alert.raised': {
    en: { title: 'Alert: {{subject}}', body: '{{what}}: {{subject}}.' },
    zh: { title: '警报：{{subject}}', body: '{{what}}：{{subject}}。' },
    ur: { title: 'انتباہ: {{subject}}', body: '{{what}}: {{subject}}۔' },
  },
  'alert.sos': {
    en: { title: 'SOS: {{subject}}', body: '{{subject}} pressed SOS. Act now.' },
    zh: { title: '紧急求救：{{subject}}', body: '{{subject}} 发出了紧急求救。请立即行动。' },
    ur: { title: 'ہنگامی مدد: {{subject}}', body: '{{subject}} نے ہنگامی مدد طلب کی۔ فوراً کارروائی کریں۔' },
  },
  'alert.escalated': {
    en: { title: 'Alert escalated: {{subject}}', body: '{{what}} grew more serious: {{subject}}.' },
    zh: { title: '警报升级：{{subject}}', body: '{{what}} 情况加重：{{subject}}。' },
    ur: { title: 'انتباہ میں شدت: {{subject}}', body: '{{what}} مزید سنگین ہو گیا: {{subject}}۔' },
  },
  'alert.duress': {
    en: {
      title: 'SOS: {{subject}}',
      body: '{{subject}} answered a roll-call under duress. Act now, and do not contact them openly.',
    },
    zh: {
      title: '紧急求救：{{subject}}',
      body: '{{subject}} 在胁迫下回答了点名。请立即行动，不要公开联系对方。',
    },
    ur: {
      title: 'ہنگامی مدد: {{subject}}',
      body: '{{subject}} نے دباؤ میں حاضری کا جواب دیا۔ فوراً کارروائی کریں، اور ان سے کھلے عام رابطہ نہ کریں۔',
    },
  },
  'rollcall.question': {
    en: {
      title: 'Are you safe?',
      body: 'A roll-call asks whether you are safe. Reply to this message with "safe" or "need help" on the first line.',
    },
    zh: { title: '您安全吗？', body: '点名询问您是否安全。请回复此邮件，在第一行写"安全"或"需要帮助"。' },
    ur: {
      title: 'کیا آپ محفوظ ہیں؟',
      body: 'حاضری میں پوچھا گیا ہے کہ کیا آپ محفوظ ہیں۔ اس پیغام کا جواب پہلی سطر میں "محفوظ" یا "مدد چاہیے" لکھ کر دیں۔',
    },
  },
  'rollcall.escalated': {
    en: {
      title: 'Roll-call unanswered: {{subject}}',
      body: '{{subject}} and {{others}} more have not answered the roll-call (wave {{wave}}).',
    },
    zh: {
      title: '点名未回复：{{subject}}',
      body: '{{subject}} 及另外 {{others}} 人尚未回复点名（第 {{wave}} 轮）。',
    },
    ur: {
      title: 'حاضری کا جواب نہیں: {{subject}}',
      body: '{{subject}} اور {{others}} مزید نے حاضری کا جواب نہیں دیا (مرحلہ {{wave}})۔',
    },
  },
  'checkin.missed': {
    en: {
      title: 'Check-in missed: {{subject}}',
      body: '{{subject}} missed the check-in due at {{due}} (UTC).',
    },
    zh: { title: '未按时报到：{{subject}}', body: '{{subject}} 未在 {{due}}（UTC）前报到。' },
    ur: { title: 'چیک ان رہ گیا: {{subject}}', body: '{{subject}} {{due}} (UTC) تک چیک ان نہیں ہوا۔' },
  },
} satisfies Templates;

export type TemplateKey = keyof typeof templates;

export function isTemplate(key: string): key is TemplateKey {
  return Object.hasOwn(templates, key);
}

/** The placeholders filled in; an unknown one is left as it is, so a missing value shows. */
function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

/** A template in the recipient's language (English when they chose none) with its values. */
export function render(
  key: TemplateKey,
  language: Language | null,
  values: Record<string, string | number>,
): Text {
  const text = templates[key][language ?? 'en'];
  return { title: fill(text.title, values), body: fill(text.body, values) };
}

/** How a record the recipient may not see by name is called, by subject type. */
export const unnamed: Record<'person' | 'movement' | 'site' | 'unit', Record<Language, string>> = {
  person: {
    en: 'a protected person of {{party}}',
    zh: '{{party}} 的一名受保护人员',
    ur: '{{party}} کا ایک محفوظ شخص',
  },
  movement: { en: 'a movement of {{party}}', zh: '{{party}} 的一次行程', ur: '{{party}} کی ایک نقل و حرکت' },
  site: { en: 'a site of {{party}}', zh: '{{party}} 的一处场所', ur: '{{party}} کی ایک جگہ' },
  unit: { en: 'a unit of {{party}}', zh: '{{party}} 的一支分队', ur: '{{party}} کا ایک دستہ' },
};

/** The name of a record the recipient may not see by name: its kind and its party. */
export function unnamedSubject(type: keyof typeof unnamed, language: Language | null, party: string): string {
  return fill(unnamed[type][language ?? 'en'], { party });
}
