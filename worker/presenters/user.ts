// What the API sends about a person: the listed fields only (never the password hash).
import type { UserDto } from '../../core/api/auth';
import type { User } from '../../db/schema';

/** The signed-in person, for /api/auth/* and /api/account. */
export function presentUser(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    isStaff: user.isStaff,
    emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    hasPassword: user.passwordHash !== null,
  };
}
