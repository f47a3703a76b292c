/**
 * Containers the operators' runbook execs into (`aws ecs execute-command … --container backend`
 * for migrations and a shell): the program names the backend container so, and the pack requires
 * ECS Exec on every service that runs one.
 */
export const EXEC_CONTAINERS: readonly string[] = ["backend"];
