/**
 * How long a credential of a person or of CI may live, and how recent a person's MFA must be for
 * the roles that can do anything. A role session cannot be revoked short of a policy denying by
 * `aws:TokenIssueTime`, so whatever leaks (a CLI cache, a CI log, a browser) stays valid until it
 * expires. The CI workflows (`.github/workflows/pulumi.yml`, `failover.yml`) ask for
 * `role-duration-seconds` equal to `CI_SESSION_SECONDS` and the pack refuses a CI role whose
 * `maxSessionDuration` allows more; a test keeps the workflows and this file in step. Facts
 * modules import nothing: the program imports them from the pack's folder, and the pack must stay
 * publishable on its own.
 */

/**
 * The longest session a role people assume may hand out (`maxSessionDuration`, and an Identity
 * Center permission set's `sessionDuration`): AWS's own default for a role, one hour. Working
 * longer means assuming again, with MFA again.
 */
export const HUMAN_SESSION_MAX_SECONDS = 3600;

/**
 * The session the deploy workflows ask for: an `up` that waits for a migration task and RDS
 * changes (docs/operations.md: at least 90 minutes). A CI role may allow no more than this.
 */
export const CI_SESSION_SECONDS = 5400;

/**
 * How old a person's MFA may be when they assume a role that holds full access (a break-glass
 * role): `aws:MultiFactorAuthAge` in seconds. An MFA session from the morning does not open it in
 * the afternoon.
 */
export const PRIVILEGED_MFA_MAX_AGE_SECONDS = 3600;
