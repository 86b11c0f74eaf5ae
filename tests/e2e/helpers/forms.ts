// Filling the app's forms the way a person does, by their labels.
import type { Page } from 'playwright-core';

/** The sign-up form's four fields (the password typed twice). */
export async function fillSignUpForm(page: Page, fields: { fullName: string; email: string; password?: string }): Promise<void> {
  const password = fields.password ?? 'a long enough password';
  await page.getByLabel('Full name').fill(fields.fullName);
  await page.getByLabel('Email', { exact: true }).fill(fields.email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Repeat the password').fill(password);
}
