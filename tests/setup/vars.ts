// Worker configuration for the test stack.
export const TEST_WORKER_VARS: Record<string, string> = {
  ENVIRONMENT: 'test',
  APP_ORIGIN: 'http://localhost:5173',
  MAIL_TRANSPORT: 'outbox',
  SIGNUP_CREDITS: '5',
};
