/**
 * Whether an ElastiCache RBAC user really authenticates, judged by value as Redis/Valkey ACLs
 * work: a user in a user group is what a client signs in as (the one named `default` also serves
 * every connection that never sends AUTH). A user that needs no password and is switched on with
 * commands lets anyone who reaches the port act as it, so a user group of such a user is no
 * authentication at all. Pure over plain values.
 */
import { Props } from "../lib/define";
import { known } from "../lib/stack";

/**
 * The user id of the user AWS creates in every account and region: named `default`, no password,
 * access string `on ~* +@all`. A user group that lists it lets anyone in with full access.
 */
export const AWS_DEFAULT_USER_ID = "default";

/** The authentication type of a user that accepts any client (`authenticationMode.type`). */
const NO_PASSWORD_MODE = "no-password-required";

/**
 * Whether an ACL access string switches the user on and grants it at least one command, read left
 * to right as Redis applies the rules: `on`/`off` switch the user (a user starts off), `reset`
 * starts over, `+cmd`/`+@category`/`allcommands` grant commands, `nocommands`/`-@all` revoke them all.
 */
export function accessStringGrants(accessString: string): boolean {
    let on = false;
    let commands = false;
    for (const token of accessString.trim().split(/\s+/).map(t => t.toLowerCase())) {
        if (token === "on") on = true;
        else if (token === "off") on = false;
        else if (token === "reset") { on = false; commands = false; }
        else if (token === "allcommands" || token.startsWith("+")) commands = true;
        else if (token === "nocommands" || token === "-@all") commands = false;
    }
    return on && commands;
}

/**
 * Why an ElastiCache user lets clients in without a credential, or undefined when it
 * authenticates (passwords or IAM) or cannot do anything (switched off, no commands). An unknown
 * access string (preview) counts as granting: the user still needs no password.
 */
export function openUser(props: Props): string | undefined {
    const mode = String(props.authenticationMode?.type ?? "").toLowerCase();
    const noPassword = props.noPasswordRequired === true || mode === NO_PASSWORD_MODE;
    if (!noPassword) {
        return undefined;
    }
    const value = known(() => props.accessString as unknown);
    const access = typeof value === "string" ? value : undefined;
    if (access !== undefined && !accessStringGrants(access)) {
        return undefined;
    }
    const how = props.noPasswordRequired === true ? "noPasswordRequired is true" : `authenticationMode.type is ${NO_PASSWORD_MODE}`;
    return `user ${props.userName ?? props.userId ?? "?"}: ${how} and its accessString (${access ?? "unknown"}) switches it on with commands: anyone who reaches the cache signs in as it`;
}

/** The user ids of a user group (`userIds`) or of a user group association (`userId`). */
export function memberIds(props: Props): string[] {
    const ids = Array.isArray(props.userIds) ? props.userIds : [props.userId];
    return ids.filter((id: unknown): id is string => typeof id === "string");
}
