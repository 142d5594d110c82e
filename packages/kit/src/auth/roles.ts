/**
 * Roles a token may carry. Each API operation names the roles it admits; `employee` callers see only
 * their own records (the token's `employee_id` must match the record's).
 */
export const ROLES = [
  "hr-core",
  "hr-admin",
  "skills-admin",
  "training-admin",
  "secondment-admin",
  "employee",
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
