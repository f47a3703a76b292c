import { defaultEgress, TaskSecurityGroup } from "../components/compute/TaskSecurityGroup";
import { Network } from "../components/network/Network";
import { EncryptionKey } from "../components/security/EncryptionKey";
import { cloudWatchLogsGrant } from "../components/security/keyPolicy";
import { serviceName } from "../lib/naming";
import { POSTGRES_PORT, REDIS_PORT } from "../policy/lib/facts/ports";
import type { StackContext } from "./context";

/** The task security groups of the two services, by service. */
export type TaskSecurityGroups = Record<"backend" | "frontend", TaskSecurityGroup>;

/** What the network step registers. */
export interface NetworkHandles {
    /** The key of the stack's CloudWatch log groups. */
    readonly logsKey: EncryptionKey;
    readonly network: Network;
    readonly taskSecurityGroups: TaskSecurityGroups;
}

/** The logs key, the VPC and the services' task security groups. */
export function composeNetwork({ cfg, tags, prefix }: StackContext): NetworkHandles {
    // One key for the stack's CloudWatch log groups (flow logs, ECS Exec sessions, service logs).
    const logsKey = new EncryptionKey("logs-key", {
        alias: `${prefix}-logs`,
        description: `CloudWatch log groups of ${prefix}`,
        tags,
        component: "logging",
        services: [cloudWatchLogsGrant(cfg.region, "*")],
    });

    const network = new Network("network", {
        namePrefix: prefix,
        tags,
        cidrBlock: cfg.network.cidrBlock,
        azCount: cfg.network.azCount,
        natGateways: cfg.network.natGateways,
        flowLogRetentionDays: cfg.monitoring.auditLogRetentionDays,
        logsKmsKeyArn: logsKey.arn,
    });

    // The services' task security groups come before the data stores, which admit the backend's
    // alone. Tasks reach out on HTTPS (AWS APIs, providers); only the backend reaches PostgreSQL
    // and Redis, and only in the isolated subnets.
    const taskSecurityGroups = {
        backend: new TaskSecurityGroup("backend-tasks", {
            serviceName: serviceName(cfg.project, cfg.environment, "backend"),
            vpcId: network.vpcId,
            tags,
            component: "backend",
            egress: [
                ...defaultEgress,
                { description: "PostgreSQL in the isolated subnets", port: POSTGRES_PORT, cidrBlocks: network.isolatedCidrBlocks },
                { description: "Redis in the isolated subnets", port: REDIS_PORT, cidrBlocks: network.isolatedCidrBlocks },
            ],
        }),
        frontend: new TaskSecurityGroup("frontend-tasks", {
            serviceName: serviceName(cfg.project, cfg.environment, "frontend"),
            vpcId: network.vpcId,
            tags,
            component: "frontend",
        }),
    };

    return { logsKey, network, taskSecurityGroups };
}
