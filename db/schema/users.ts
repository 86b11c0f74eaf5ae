// Accounts: people who sign in. Replaces seed `seydam_customuser`, Supabase `auth.users`,
// `account_emailaddress` (email + verification live here) and Django's groups/permissions
// (one `isStaff` flag is all the product uses).
import { sql } from 'drizzle-orm';
import { boolean, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    fullName: text('full_name').notNull(),
    // `pbkdf2_sha256$<iterations>$<salt b64>$<hash b64>`; null for accounts that only sign in with Google.
    passwordHash: text('password_hash'),
    isStaff: boolean('is_staff').notNull().default(false),
    isActive: boolean('is_active').notNull().default(true),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Emails are unique whatever their case: `Ann@x.org` and `ann@x.org` are one person.
    uniqueIndex('users_email_lower_unique').on(sql`lower(${t.email})`),
  ],
);

export type User = typeof users.$inferSelect;
