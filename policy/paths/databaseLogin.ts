/**
 * What an ECS task needs to log in to the database with IAM authentication: a task told to log
 * in so (`DATABASE_AUTH_METHOD=iam`, in its environment or in an SSM parameter it reads), as a
 * user (`DATABASE_USER`), to a host (`DATABASE_HOST`) that is a database of the stack. Its task
 * role must be allowed `rds-db:connect` as exactly that user on that instance (the ARN names the
 * instance's resource id), and the instance must accept IAM authentication. Otherwise every
 * connection fails after the deploy; the settings are paired by their common prefix.
 */
import { ask, asRole } from "./access";
import { broken, ok, PathResource, PathResult, StackIndex } from "./model";
import { noRole, settingsOf, Task, tasksOf } from "./tasks";

const DB_INSTANCE = "aws:rds/instance:Instance";

/** Each IAM database login a task is configured for: the user and the stack's instance its host names. */
export function iamLogins(ix: StackIndex, settings: Map<string, string>): Array<{ prefix: string; user: string; db: PathResource }> {
    const logins: Array<{ prefix: string; user: string; db: PathResource }> = [];
    for (const [name, value] of settings) {
        const prefix = /^(.*)AUTH_METHOD$/.exec(name)?.[1];
        if (prefix === undefined || value.trim().toLowerCase() !== "iam") continue;
        const user = settings.get(`${prefix}USER`) ?? settings.get(`${prefix}USERNAME`);
        const host = settings.get(`${prefix}HOST`);
        const db = ix.ofType(DB_INSTANCE).find((d) => host !== undefined && (d.props.address === host || String(d.props.endpoint ?? "").split(":")[0] === host));
        if (user && db) logins.push({ prefix, user, db });
    }
    return logins;
}

async function loginPath(t: Task, prefix: string, user: string, db: PathResource): Promise<PathResult> {
    const path = `task ${t.family} logs in to ${db.props.identifier ?? db.name} as ${user} with IAM (${prefix}AUTH_METHOD)`;
    if (db.props.iamDatabaseAuthenticationEnabled !== true) {
        return broken(path, "iamDatabaseAuthenticationEnabled on the database (it refuses IAM tokens)", db);
    }
    const role = t.taskRole;
    if (!role) return noRole(path, t, "taskRoleArn", `log in to the database as ${user}`);
    const resourceId = db.props.resourceId;
    if (typeof resourceId !== "string") return ok(path); // not known yet (preview): judged once it is
    const resource = `arn:aws:rds-db:${t.region}:${t.account}:dbuser:${resourceId}/${user}`;
    const r = await ask({ action: "rds-db:connect", resource, account: t.account, ...asRole(role) });
    return r.allowed ? ok(path) : broken(path, `rds-db:connect on ${resource} in task role ${role.arn}'s policies`, role.role);
}

/** Every (task, IAM database login it is configured for) path of the stack. */
export async function databaseLoginPaths(ix: StackIndex): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const t of tasksOf(ix)) {
        for (const { prefix, user, db } of iamLogins(ix, settingsOf(ix, t))) {
            results.push(await loginPath(t, prefix, user, db));
        }
    }
    return results;
}
