/**
 * Path verification: what must flow for the stacks to work after `pulumi up` (see
 * docs/policies.md, "Verified paths"). Pure over plain resources, so the pack, the offline
 * engine's report and tests share it.
 */
import { awsCallPaths } from "./awsCalls";
import { backupJobPaths } from "./backupJobs";
import { boundaryPaths } from "./boundaryPaths";
import { bucketPaths } from "./buckets";
import { databaseLoginPaths } from "./databaseLogin";
import { deliveryPaths } from "./delivery";
import { functionPaths } from "./functions";
import { healthPaths } from "./health";
import { invokePaths } from "./invoke";
import { keyRegionPaths } from "./keyRegions";
import { secretUsePaths } from "./secretUse";
import { serviceRolePaths } from "./serviceRoles";
import { logGroupPaths } from "./logs";
import { metricProducerPaths } from "./metricProducers";
import { PathResource, PathResult, StackIndex } from "./model";
import { purposePaths } from "./purposes";
import { networkPaths } from "./reach";
import { routeCheckPaths } from "./routeChecks";
import { routePaths } from "./routes";
import { taskPaths } from "./tasks";
import { trustPaths } from "./trust";

export type { PathResource, PathResult } from "./model";
export { describeFailure } from "./model";

/** Every path of the stack, verified or not, in a stable order. */
export async function verifyPaths(resources: PathResource[]): Promise<PathResult[]> {
    const ix = new StackIndex(resources);
    const [trust, tasks, buckets, logins, functions, delivery, logs, services, secretUse, purposes, invokes, backups, awsCalls, metrics] = await Promise.all([
        trustPaths(ix), taskPaths(ix), bucketPaths(ix), databaseLoginPaths(ix), functionPaths(ix), deliveryPaths(ix), logGroupPaths(ix), serviceRolePaths(ix), secretUsePaths(ix), purposePaths(ix), invokePaths(ix), backupJobPaths(ix), awsCallPaths(ix), metricProducerPaths(ix),
    ]);
    // Last: the boundaries hold what every other path asked of them.
    return [...trust, ...keyRegionPaths(ix), ...tasks, ...buckets, ...logins, ...functions, ...networkPaths(ix), ...awsCalls, ...routePaths(ix), ...healthPaths(ix), ...routeCheckPaths(ix), ...delivery, ...logs, ...services, ...metrics, ...secretUse, ...purposes, ...invokes, ...backups, ...boundaryPaths(ix)];
}

