// Finishes an email sign-up: the code is checked and claimed, and the account is created with the
// name and password hash stored at sign-up, in one transaction.
import type { Db } from '../../db/client';
import type { User } from '../../db/schema';
import { isUniqueViolation } from '../errors';
import { checkEmailCode, claimEmailCode, invalidCode } from '../lib/email-codes';
import { emailTaken } from '../lib/users';
import userCreator from './userCreator';

export interface SignupCompleterProps {
  email: string;
  /** The 6 digits from the email. */
  code: string;
  /** Credits granted to the new account. */
  signupCredits: number;
}

/** Creates the account for a right code; 400 for a wrong/expired/used/exhausted one, 409 if the email got taken. */
export default async function signupCompleter(db: Db, props: SignupCompleterProps): Promise<User> {
  // Counted outside the transaction below: a wrong try must stay counted.
  const code = await checkEmailCode(db, { email: props.email, purpose: 'signup', code: props.code });
  const payload = code.payload;
  if (!('passwordHash' in payload)) throw invalidCode();
  try {
    return await db.transaction(async (tx) => {
      await claimEmailCode(tx, code.id);
      return userCreator(tx, { email: code.email, fullName: payload.fullName, passwordHash: payload.passwordHash, signupCredits: props.signupCredits });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
}
