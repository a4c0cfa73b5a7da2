// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '/vendor/govuk/govuk-frontend.min.js';
import { enhanceImportUpload } from '/public/import-upload.js';
import { enhanceConditionalReveals } from '/public/conditional-reveal.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
document.querySelectorAll('form[data-import-upload]').forEach(enhanceImportUpload);
enhanceConditionalReveals();
