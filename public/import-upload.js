// The report upload form, with progress: the file is sent with XMLHttpRequest so its upload can be
// followed, and the server streams each step of reading it (one JSON object a line, asked for with
// Accept: application/x-ndjson) until it says where the review is or what was wrong. Without
// JavaScript the form posts as usual and the server answers with the review or the error page.
// The CSRF token goes in the x-csrf-token header here, and as the form's hidden field without
// JavaScript: never in the address.
//
// The status line (a polite live region) changes only when a new step starts, so a screen reader
// hears each step once; the running figures (upload percentage, pages read) go to the progress bar
// and a line beside it that is not announced.

const STREAM = 'application/x-ndjson';

/** Removes the errors shown before, the server's or this script's. */
function clearErrors(form, input) {
  document.querySelectorAll('.govuk-error-summary, [data-import-error]').forEach((element) => element.remove());
  const old = document.getElementById(`${input.id}-error`);
  if (old) {
    old.remove();
  }
  form.querySelectorAll('.govuk-form-group--error').forEach((group) => group.classList.remove('govuk-form-group--error'));
  input.classList.remove('govuk-file-upload--error');
  input.setAttribute('aria-describedby', `${input.id}-hint`);
}

/** Shows what the server refused, as the server-rendered page would: a summary and the message by the field. */
function showErrors(form, input, errors) {
  clearErrors(form, input);
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
  input.closest('.govuk-form-group').classList.add('govuk-form-group--error');
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
  const detail = document.getElementById('import-progress-detail');
  const input = form.querySelector('input[type=file]');
  const button = form.querySelector('button[type=submit]');
  if (!panel || !bar || !status || !detail || !input || !button || typeof XMLHttpRequest === 'undefined') {
    return;
  }

  const reset = () => {
    panel.hidden = true;
    button.disabled = false;
  };
  // Back to this page from the review: the browser may restore it as it was left, mid-upload.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) {
      reset();
    }
  });

  /** A new step: announced. */
  const step = (message) => {
    if (status.textContent !== message) {
      status.textContent = message;
    }
    detail.textContent = '';
    bar.removeAttribute('value');
  };
  /** How far through the step: shown, not announced. */
  const figures = (text, done, total) => {
    detail.textContent = text;
    bar.max = total;
    bar.value = done;
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
    step(`Uploading ${file.name}`);

    const request = new XMLHttpRequest();
    let read = 0;
    let pending = '';
    let outcome = null;
    let broken = false;
    const handle = (line) => {
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        broken = true;
        return;
      }
      const progress = message.progress;
      if (!progress) {
        outcome = message;
      } else if (progress.total) {
        figures(progress.message, progress.done, progress.total);
      } else {
        step(progress.message);
      }
    };
    const take = () => {
      pending += request.responseText.slice(read);
      read = request.responseText.length;
      const lines = pending.split('\n');
      pending = lines.pop();
      lines.filter((text) => text.trim() !== '').forEach(handle);
    };
    const streamed = () => (request.getResponseHeader('Content-Type') || '').startsWith(STREAM);

    const data = new FormData(form);
    const token = data.get('_csrf');
    data.delete('_csrf');
    request.open('POST', form.action);
    request.setRequestHeader('Accept', STREAM);
    request.setRequestHeader('X-CSRF-Token', typeof token === 'string' ? token : '');
    request.upload.addEventListener('progress', (progress) => {
      if (progress.lengthComputable) {
        figures(`${Math.round((progress.loaded / progress.total) * 100)}% uploaded`, progress.loaded, progress.total);
      }
    });
    request.addEventListener('progress', () => {
      if (streamed()) {
        take();
      }
    });
    request.addEventListener('load', () => {
      if (!streamed()) {
        // Refused before reading began (the session ended, say): post the form plainly for the server's own page.
        form.submit();
        return;
      }
      take();
      if (pending.trim() !== '') {
        handle(pending);
      }
      if (outcome && outcome.location && !broken) {
        step('Opening the review');
        window.location.assign(outcome.location);
        return;
      }
      reset();
      showErrors(form, input, outcome && outcome.errors ? outcome.errors : [{ field: 'file', message: 'The report could not be read. Try again.' }]);
    });
    request.addEventListener('error', () => {
      reset();
      showErrors(form, input, [{ field: 'file', message: 'The upload was interrupted. Check the connection and try again.' }]);
    });
    request.send(data);
  });
}
