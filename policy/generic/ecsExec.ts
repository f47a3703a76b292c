/**
 * ECS Exec as a cluster configures it (`configuration.executeCommandConfiguration`): what an
 * operator types into a production container and what it prints (the guide's `manage.py migrate`,
 * a shell that reads the database's credentials) travel through the SSM channel and land in the
 * session log.
 */
import { Props } from "../lib/define";
import { isAwsManagedKeyAlias } from "../lib/kms";
import { known } from "../lib/stack";
import { at } from "./checks";

/** The exec configuration of a cluster, or undefined when the cluster configures none. */
const execConfig = (props: Props): Props | undefined => {
    const config = at(props, "configuration.executeCommandConfiguration");
    return typeof config === "object" && config !== null ? config as Props : undefined;
};

/**
 * In transit: a customer-managed kmsKeyId encrypts the session's data between the operator and
 * the container on top of the channel's TLS, and makes the key policy decide who may open a session.
 */
export function execSessionEncrypted(props: Props): string[] {
    const config = execConfig(props);
    if (config === undefined) {
        return [];
    }
    // Unknown during preview (a key created in the same update) counts as given.
    const key = known(() => config.kmsKeyId as unknown, "unknown");
    if (key === undefined || key === null || key === "") {
        return ["configuration.executeCommandConfiguration.kmsKeyId is not set: ECS Exec sessions (commands and their output, credentials included) are not encrypted with a customer-managed key; set it to the cluster's KMS key"];
    }
    return typeof key === "string" && isAwsManagedKeyAlias(key)
        ? [`configuration.executeCommandConfiguration.kmsKeyId is ${JSON.stringify(key)}, an AWS managed key: sessions need a customer-managed key`]
        : [];
}

/**
 * At rest: the session log's destinations are written encrypted only when the flag says so
 * (the agent then refuses an unencrypted log group or bucket instead of writing to it in clear).
 */
export function execLogsEncrypted(props: Props): string[] {
    const log = execConfig(props)?.logConfiguration as Props | undefined;
    const out: string[] = [];
    if (log?.cloudWatchLogGroupName !== undefined && log.cloudWatchEncryptionEnabled !== true) {
        out.push("configuration.executeCommandConfiguration.logConfiguration.cloudWatchEncryptionEnabled is not true: ECS Exec session output may be logged to an unencrypted log group");
    }
    if (log?.s3BucketName !== undefined && log.s3EncryptionEnabled !== true) {
        out.push("configuration.executeCommandConfiguration.logConfiguration.s3EncryptionEnabled is not true: ECS Exec session output may be written to an unencrypted bucket");
    }
    return out;
}
