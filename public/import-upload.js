// The report upload form, with progress: the file is sent with XMLHttpRequest so its upload can be
// followed, and the server streams each step of reading it (one JSON object a line, asked for with
// Accept: application/x-ndjson) until it says where the review is or what was wrong. Without
// JavaScript the form posts as usual and the server answers with the review or the error page.

const STREAM = 'application/x-ndjson';

/** Shows what the server refused, as the server-rendered page would: a summary and the message by the field. */
function showErrors(form, errors) {
  document.querySelectorAll('[data-import-error]').forEach((element) => element.remove());
  const group = form.querySelector('.govuk-form-group');
  const input = form.querySelector('input[type=file]');
  const summary = document.createElement('div');
  summary.className = 'govuk-error-summary';
  summary.setAttribute('data-import-error', '');
  summary.tabIndex = -1;
  const alert = document.createElement('div');
  alert.setAttribute('role', 'alert');
  const title = document.createElement('h2');
  title.className = 'govuk-error-summary__title';
  title.textContent = 'There is a problem';
  const body = document.createElement('div');
  body.className = 'govuk-error-summary__body';
  const list = document.createElement('ul');
  list.className = 'govuk-list govuk-error-summary__list';
  for (const error of errors) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `#${input.id}`;
    link.textContent = error.message;
    item.append(link);
    list.append(item);
  }
  body.append(list);
  alert.append(title, body);
  summary.append(alert);
  document.querySelector('h1').after(summary);

  const message = document.createElement('p');
  message.className = 'govuk-error-message';
  message.id = `${input.id}-error`;
  message.setAttribute('data-import-error', '');
  const hidden = document.createElement('span');
  hidden.className = 'govuk-visually-hidden';
  hidden.textContent = 'Error:';
  message.append(hidden, ` ${errors.map((error) => error.message).join(' ')}`);
  input.before(message);
  group.classList.add('govuk-form-group--error');
  input.classList.add('govuk-file-upload--error');
  input.setAttribute('aria-describedby', `${input.id}-hint ${message.id}`);
  if (!document.title.startsWith('Error: ')) {
    document.title = `Error: ${document.title}`;
  }
  summary.focus();
}

export function enhanceImportUpload(form) {
  const panel = document.getElementById('import-progress');
  const bar = document.getElementById('import-progress-bar');
  const status = document.getElementById('import-progress-status');
  const input = form.querySelector('input[type=file]');
  const button = form.querySelector('button[type=submit]');
  if (!panel || !bar || !status || !input || !button || typeof XMLHttpRequest === 'undefined') {
    return;
  }

  const show = (message, done, total) => {
    status.textContent = message;
    if (total) {
      bar.max = total;
      bar.value = done;
    } else {
      bar.removeAttribute('value');
    }
  };

  form.addEventListener('submit', (event) => {
    const file = input.files && input.files[0];
    // No file, or one over the limit: the plain post gets the server's page saying so, without uploading it twice.
    if (!file || file.size > Number(form.dataset.maxBytes)) {
      return;
    }
    event.preventDefault();
    button.disabled = true;
    panel.hidden = false;
    show(`Uploading ${file.name}`, 0, file.size);

    const request = new XMLHttpRequest();
    let read = 0;
    let pending = '';
    let outcome = null;
    const take = () => {
      pending += request.responseText.slice(read);
      read = request.responseText.length;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines.filter((text) => text.trim() !== '')) {
        const message = JSON.parse(line);
        if (message.progress) {
          show(message.progress.message, message.progress.done, message.progress.total);
        } else {
          outcome = message;
        }
      }
    };
    request.open('POST', form.action);
    request.setRequestHeader('Accept', STREAM);
    request.upload.addEventListener('progress', (progress) => {
      if (progress.lengthComputable) {
        show(`Uploading ${file.name}: ${Math.round((progress.loaded / progress.total) * 100)}%`, progress.loaded, progress.total);
      }
    });
    request.addEventListener('progress', () => {
      if ((request.getResponseHeader('Content-Type') || '').startsWith(STREAM)) {
        take();
      }
    });
    request.addEventListener('load', () => {
      if (!(request.getResponseHeader('Content-Type') || '').startsWith(STREAM)) {
        // Refused before reading began (the session ended, say): post the form plainly for the server's own page.
        form.submit();
        return;
      }
      take();
      if (pending.trim() !== '') {
        outcome = JSON.parse(pending);
      }
      if (outcome && outcome.location) {
        show('Opening the review');
        window.location.assign(outcome.location);
        return;
      }
      panel.hidden = true;
      button.disabled = false;
      showErrors(form, outcome && outcome.errors ? outcome.errors : [{ field: 'file', message: 'The report could not be read. Try again.' }]);
    });
    request.addEventListener('error', () => form.submit());
    request.send(new FormData(form));
  });
}
