/**
 * Releases an image repository must keep for the services that pull from it: the one running and
 * the previous one, which the ECS deployment circuit breaker rolls back to (it redeploys the last
 * completed deployment's task definition, so that image must still be pullable). The program's
 * lifecycle policy keeps at least this many tagged images; the pack refuses a lifecycle rule that
 * keeps fewer of the releases in use.
 */
export const ROLLBACK_RELEASES = 2;
