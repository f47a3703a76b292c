import { GUIDE_NAMES } from "./guideNames";

/**
 * Containers the operators' runbook execs into (`aws ecs execute-command … --container backend`
 * for migrations and a shell): the container names of the guide's names (the guide map names no
 * other container), so the pack requires ECS Exec on every service that runs one.
 */
export const EXEC_CONTAINERS: readonly string[] = GUIDE_NAMES.prod.filter(n => n.property === "containerDefinitions").map(n => n.value);
