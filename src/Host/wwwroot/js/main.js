// Lumen dashboard: every number comes from the service's API; analyses not computed yet say so.
// Adding a view: write js/views/<name>.js calling registerView, and import it below (docs/dashboard.md).
import { lang, setLang, t, fmtTime } from './core/i18n.js';
import { start, render } from './core/router.js';
import { getJson } from './core/api.js';
import './views/overview.js';
import './views/reliability.js';
import './views/history.js';
import './views/feeders.js';
import './views/diagram.js';
import './views/voltage.js';
import './views/complaints.js';
import './views/forecast.js';
import './views/assets.js';
import './views/diagnosis.js';
import './views/repair.js';
import './views/investment.js';

const context = { status: null };

function labelHeader() {
  document.getElementById('language-label').textContent = t('app.language') + ' ';
  document.getElementById('link-api').textContent = t('app.api');
  document.getElementById('link-health').textContent = t('app.health');
  const s = context.status;
  document.getElementById('network').textContent = s && s.version
    ? t('app.network', { name: s.network_name, version: s.version, time: fmtTime(s.computed_at) })
    : t('app.loading');
}

async function main() {
  const select = document.getElementById('language');
  select.value = lang();
  select.addEventListener('change', () => {
    setLang(select.value);
    labelHeader();
    render(context);
  });
  labelHeader();
  const status = await fetch('/api/status').then(r => r.json());
  context.status = status;
  labelHeader();
  if (!status.analyses.predictive_reliability) {
    const banner = document.getElementById('status-banner');
    banner.hidden = false;
    banner.textContent = status.startup_error ? t('app.startFailed', { error: status.startup_error }) : t('app.starting');
    document.querySelector('main').dataset.ready = 'starting';
    setTimeout(() => location.reload(), 5000);
    return;
  }
  // Every view reads the status afresh: an import since the last view shows at once.
  context.refresh = async () => {
    context.status = await getJson('/api/status');
    labelHeader();
  };
  await start(context);
}

main().catch(error => {
  const banner = document.getElementById('status-banner');
  banner.hidden = false;
  banner.textContent = t('app.loadFailed', { error: error.message });
  document.querySelector('main').dataset.ready = 'error';
});
