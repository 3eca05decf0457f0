// Language, strings and locale formats. zh-CN when the browser asks for Chinese, English otherwise; the switch is
// remembered in localStorage. Each view adds its own strings with addStrings (see docs/dashboard.md).

const STORAGE_KEY = 'lumen.lang';
export const LANGUAGES = ['zh-CN', 'en'];
const dictionaries = { en: {}, 'zh-CN': {} };

function initialLanguage() {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.includes(stored)) {
    return stored;
  }
  const asked = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  return asked.some(l => String(l).toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

let current = initialLanguage();
document.documentElement.lang = current;

/** The language in use: 'zh-CN' or 'en'. */
export function lang() {
  return current;
}

/** Switches the language and remembers it. */
export function setLang(value) {
  if (!LANGUAGES.includes(value)) {
    return;
  }
  current = value;
  localStorage.setItem(STORAGE_KEY, value);
  document.documentElement.lang = value;
}

/** Adds strings: { en: { key: text }, 'zh-CN': { key: text } }. */
export function addStrings(strings) {
  for (const language of LANGUAGES) {
    Object.assign(dictionaries[language], strings[language] || {});
  }
}

/** The text of key in the current language with {name} placeholders filled from params (English when missing). */
export function t(key, params) {
  const text = dictionaries[current][key] ?? dictionaries.en[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m)) : text;
}

/** A known word in the user's language, or the data's own word (cause and category names are data: they differ between utilities). */
export function term(prefix, key) {
  const text = t(prefix + key);
  return text === prefix + key ? String(key) : text;
}

const numberFormats = new Map();

/** A number with the locale's separators and a fixed number of decimals; '—' when not available. */
export function fmt(value, digits = 0) {
  if (value === null || value === undefined || !Number.isFinite(Number(value))) {
    return '—';
  }
  const key = current + digits;
  if (!numberFormats.has(key)) {
    numberFormats.set(key, new Intl.NumberFormat(current, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
  }
  return numberFormats.get(key).format(Number(value));
}

const pad = n => String(n).padStart(2, '0');

/** An instant as ISO 'YYYY-MM-DD HH:mm' in the browser's time zone (API times with an offset or Z). */
export function fmtTime(iso) {
  if (!iso) {
    return '—';
  }
  // A local time without an offset (load series) is shown as written.
  if (!/[zZ]|[+-]\d\d:\d\d$/.test(iso)) {
    return iso.slice(0, 16).replace('T', ' ');
  }
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The calendar date of an API time as written (local dates of the outage history keep their own offset). */
export function fmtDate(iso) {
  return iso ? String(iso).slice(0, 10) : '—';
}

addStrings({
  en: {
    'app.title': 'Lumen — distribution reliability',
    'app.network': '{name} · network version {version} · computed {time}',
    'app.loading': 'loading…',
    'app.language': 'Language',
    'app.api': 'API',
    'app.health': 'health',
    'app.starting': 'The service is still importing or computing the first network; this page refreshes in 5 s.',
    'app.startFailed': 'Start-up failed: {error}',
    'app.loadFailed': 'Could not load this view: {error}',
    'app.notAvailable': 'Not available yet: {what} appear here once the service has computed them (import the data first if the store has none).',
    'app.download': 'Download',
    'app.notFound': 'No such view: {view}',
    'common.none': '—',
    'common.search': 'search…',
    'common.page': 'page {page} of {pages}',
    'common.rows': '{shown} of {total} rows',
    'common.previous': '‹ previous',
    'common.next': 'next ›',
    'common.perYear': 'per year',
    'common.hoursPerYear': 'h / yr',
    'common.customers': 'customers',
    'common.feeder': 'Feeder',
    'common.all': 'all',
  },
  'zh-CN': {
    'app.title': 'Lumen — 配电网供电可靠性',
    'app.network': '{name} · 网络版本 {version} · 计算于 {time}',
    'app.loading': '加载中…',
    'app.language': '语言',
    'app.api': '接口',
    'app.health': '运行状态',
    'app.starting': '服务正在导入或计算第一个网络版本；本页 5 秒后自动刷新。',
    'app.startFailed': '启动失败：{error}',
    'app.loadFailed': '本页数据加载失败：{error}',
    'app.notAvailable': '暂无数据：服务计算完成后在此显示{what}（如库中没有数据，请先导入）。',
    'app.download': '下载',
    'app.notFound': '没有这个页面：{view}',
    'common.none': '—',
    'common.search': '搜索…',
    'common.page': '第 {page} / {pages} 页',
    'common.rows': '显示 {shown} 行，共 {total} 行',
    'common.previous': '‹ 上一页',
    'common.next': '下一页 ›',
    'common.perYear': '每年',
    'common.hoursPerYear': '小时/年',
    'common.customers': '户',
    'common.feeder': '线路',
    'common.all': '全部',
  },
});
