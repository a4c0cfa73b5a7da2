import type request from 'supertest';

type Agent = ReturnType<typeof request.agent>;

/** The hidden fields of a form page: CSRF token, the finding's version and when the page was loaded. */
export function hiddenFields(html: string): { _csrf: string; version: string; loadedAt: string } {
  const value = (name: string) => {
    const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
    if (!match) {
      throw new Error(`No ${name} field on the page`);
    }
    return match[1];
  };
  return { _csrf: value('_csrf'), version: value('version'), loadedAt: value('loadedAt') };
}

/** Opens a form page and posts it with the given fields, as a browser would. */
export async function submitForm(agent: Agent, formPath: string, postPath: string, fields: Record<string, string>) {
  const page = await agent.get(formPath).expect(200);
  return agent
    .post(postPath)
    .type('form')
    .send({ ...hiddenFields(page.text), ...fields })
    .redirects(0);
}

/** Uploads evidence through the evidence form, as a browser posts it (multipart, the CSRF token a hidden field). */
export async function uploadEvidence(
  agent: Agent,
  reference: string,
  fields: Record<string, string>,
  file?: { content: Buffer; name: string },
) {
  const page = await agent.get(`/findings/${reference}/evidence/new`).expect(200);
  const hidden = hiddenFields(page.text);
  let call = agent
    .post(`/findings/${reference}/evidence`)
    .field('_csrf', hidden._csrf)
    .field('version', hidden.version)
    .field('loadedAt', hidden.loadedAt);
  for (const [name, value] of Object.entries(fields)) {
    call = call.field(name, value);
  }
  if (file) {
    call = call.attach('file', file.content, file.name);
  }
  return call.redirects(0);
}

/** A date as the GOV.UK date input posts it: `name[day]`, `name[month]`, `name[year]` (ISO date in). */
export function dateFields(name: string, isoDate: string): Record<string, string> {
  const [year, month, day] = isoDate.split('-');
  return { [`${name}[day]`]: String(Number(day)), [`${name}[month]`]: String(Number(month)), [`${name}[year]`]: year };
}

/** The ISO date this many days from today (negative: in the past), so that tests do not age. */
export function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
