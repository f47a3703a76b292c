/**
 * The metrics AWS publishes in the namespaces the stacks alarm on, stated once: their names, the
 * unit each datapoint carries and the dimension sets they are published with. CloudWatch accepts
 * an alarm on any name, unit and dimensions and then finds no datapoint: a misspelt name, a unit
 * other than the published one or a dimension set AWS never publishes leaves the alarm without
 * data for ever. cloudwatch-alarms-can-fire holds every alarm (and every metric of its metric
 * math) to these facts. Facts modules import nothing.
 *
 * Sources (AWS documentation, as of 2026): Amazon RDS "Amazon CloudWatch metrics for Amazon RDS"
 * (rds-metrics, instance-level table; Aurora cluster metrics); ElastiCache "Host-Level Metrics"
 * and "Metrics for Valkey and Redis OSS"; Amazon ECS "Amazon ECS CloudWatch metrics"
 * (available-metrics) and Container Insights' ECS metrics; Elastic Load Balancing "CloudWatch
 * metrics for your Application Load Balancer" and "... for your Network Load Balancer";
 * CloudWatch Synthetics "CloudWatch metrics published by canaries"; Amazon S3 "Monitoring
 * metrics with Amazon CloudWatch" (daily storage, request and replication metrics); AWS WAF
 * "AWS WAF metrics and dimensions".
 */

/** One metric: the unit AWS publishes it in (undefined: not stated here, not judged). */
export interface PublishedMetric {
    unit?: string;
    /** Dimension sets it is published with, when narrower than its namespace's. */
    dimensionSets?: ReadonlyArray<readonly string[]>;
    /**
     * The dimension naming the resource in whose region CloudWatch holds the metric, when its
     * dimensions name resources of two regions (S3 replication: failures where the SourceBucket
     * is, latency and backlog where the DestinationBucket is; "Using S3 Replication metrics").
     * An alarm reads only its own region's metrics. @default every dimension's resource is in the metric's region
     */
    regionOf?: string;
}

/** A namespace AWS publishes: every metric name in it, and the dimension sets its metrics carry. */
export interface PublishedNamespace {
    metrics: Readonly<Record<string, PublishedMetric>>;
    /** Further names, as patterns, for families too large to list (per-command latencies). */
    metricPatterns?: readonly RegExp[];
    /** The dimension sets (names, order free) a metric of the namespace is published with. */
    dimensionSets: ReadonlyArray<readonly string[]>;
}

const unit = (u: string, names: string[]): Record<string, PublishedMetric> => Object.fromEntries(names.map(n => [n, { unit: u }]));

const ALB_TARGET_SETS = [["LoadBalancer", "TargetGroup"], ["LoadBalancer", "TargetGroup", "AvailabilityZone"]] as const;
const ELB_SETS = [["LoadBalancer"], ["LoadBalancer", "AvailabilityZone"], ["TargetGroup"], ...ALB_TARGET_SETS] as const;

export const AWS_METRICS: Readonly<Record<string, PublishedNamespace>> = {
    "AWS/RDS": {
        metrics: {
            ...unit("Bytes", ["BinLogDiskUsage", "FreeableMemory", "FreeLocalStorage", "FreeStorageSpace", "FreeStorageSpaceLogVolume", "OldestReplicationSlotLag",
                "ReplicationSlotDiskUsage", "SwapUsage", "TempDbAvailableDataSpace", "TempDbAvailableLogSpace", "TransactionLogsDiskUsage", "OldestLogicalReplicationSlotLag", "VolumeBytesUsed"]),
            ...unit("Percent", ["BurstBalance", "CPUUtilization", "EBSByteBalance%", "EBSIOBalance%", "FreeLocalStoragePercent", "TempDbDataFileUsage", "TempDbLogFileUsage", "ACUUtilization", "BufferCacheHitRatio"]),
            ...unit("Seconds", ["CheckpointLag", "ReadLatency", "ReadLatencyLocalStorage", "ReadLatencyLogVolume", "ReplicaLag", "ReplicationChannelLag",
                "WriteLatency", "WriteLatencyLocalStorage", "WriteLatencyLogVolume", "EngineUptime"]),
            ...unit("Count", ["ConnectionAttempts", "CPUCreditUsage", "CPUCreditBalance", "CPUSurplusCreditBalance", "CPUSurplusCreditsCharged", "DatabaseConnections",
                "DiskQueueDepth", "DiskQueueDepthLogVolume", "MaximumUsedTransactionIDs"]),
            ...unit("Count/Minute", ["FailedSQLServerAgentJobsCount"]),
            ...unit("Count/Second", ["ReadIOPS", "ReadIOPSLocalStorage", "ReadIOPSLogVolume", "WriteIOPS", "WriteIOPSLocalStorage", "WriteIOPSLogVolume"]),
            ...unit("Bytes/Second", ["NetworkReceiveThroughput", "NetworkTransmitThroughput", "ReadThroughput", "ReadThroughputLocalStorage", "ReadThroughputLogVolume",
                "TransactionLogsGeneration", "WriteThroughput", "WriteThroughputLocalStorage", "WriteThroughputLogVolume"]),
            ...unit("Milliseconds", ["AuroraReplicaLag", "AuroraReplicaLagMaximum", "AuroraReplicaLagMinimum", "CommitLatency", "DDLLatency", "DMLLatency", "DeleteLatency",
                "InsertLatency", "SelectLatency", "UpdateLatency", "AuroraBinlogReplicaLag"]),
            ...Object.fromEntries(["CommitThroughput", "DDLThroughput", "DMLThroughput", "Deadlocks", "DeleteThroughput", "InsertThroughput", "LoginFailures", "Queries",
                "SelectThroughput", "UpdateThroughput", "ServerlessDatabaseCapacity", "VolumeReadIOPs", "VolumeWriteIOPs", "AuroraVolumeBytesLeftTotal", "BacktrackWindowActual",
                "DBLoad", "DBLoadCPU", "DBLoadNonCPU", "DBLoadRelativeToNumVCPUs", "ActiveTransactions", "BlockedTransactions", "RowLockTime"].map(n => [n, {}])),
        },
        dimensionSets: [[], ["DBInstanceIdentifier"], ["DBClusterIdentifier"], ["DBClusterIdentifier", "Role"], ["DatabaseClass"], ["EngineName"], ["SourceRegion"]],
    },
    "AWS/ElastiCache": {
        metrics: {
            ...unit("Percent", ["CPUUtilization", "EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "DatabaseMemoryUsageCountedForEvictPercentage",
                "DatabaseCapacityUsagePercentage", "DatabaseCapacityUsageCountedForEvictPercentage", "CacheHitRate"]),
            ...unit("Bytes", ["FreeableMemory", "NetworkBytesIn", "NetworkBytesOut", "SwapUsage", "BytesUsedForCache", "ReplicationBytes", "NetworkMaxBytesIn", "NetworkMaxBytesOut"]),
            ...unit("Count", ["CurrConnections", "NewConnections", "Evictions", "Reclaimed", "CurrItems", "CurrVolatileItems", "CacheHits", "CacheMisses", "KeyspaceHits",
                "KeyspaceMisses", "IsMaster", "SaveInProgress", "NetworkPacketsIn", "NetworkPacketsOut", "NetworkBandwidthInAllowanceExceeded", "NetworkBandwidthOutAllowanceExceeded",
                "NetworkConntrackAllowanceExceeded", "NetworkLinkLocalAllowanceExceeded", "NetworkPacketsPerSecondAllowanceExceeded", "NetworkMaxPacketsIn", "NetworkMaxPacketsOut",
                "AuthenticationFailures", "KeyAuthorizationFailures", "CommandAuthorizationFailures", "ChannelAuthorizationFailures", "ActiveDefragHits", "KeysTracked",
                "MasterLinkHealthStatus", "PrimaryLinkHealthStatus", "NumItemsReadFromDisk", "NumItemsWrittenToDisk", "TrafficManagementActive", "ErrorCount",
                "IamAuthenticationExpirations", "IamAuthenticationThrottling", "CPUCreditBalance", "CPUCreditUsage", "ClusterBasedCmds", "EvalBasedCmds"]),
            ...unit("Seconds", ["ReplicationLag", "GlobalDatastoreReplicationLag"]),
            ...unit("Milliseconds", ["DB0AverageTTL"]),
            MemoryFragmentationRatio: {},
            MaxReplicationThroughput: {},
        },
        // Per-command-family counts and latencies: GetTypeCmds, SetTypeCmdsLatency, HashBasedCmds …
        metricPatterns: [/^[A-Z][A-Za-z]*(TypeCmds|BasedCmds)(Latency)?$/, /^(SuccessfulReadRequestLatency|SuccessfulWriteRequestLatency|ElastiCacheProcessingUnits|ECPUs?)$/],
        dimensionSets: [["CacheClusterId"], ["CacheClusterId", "CacheNodeId"], ["ReplicationGroupId"], ["ReplicationGroupId", "Role"], ["clusterId"]],
    },
    "AWS/ECS": {
        metrics: {
            ...unit("Percent", ["CPUReservation", "CPUUtilization", "MemoryReservation", "MemoryUtilization", "GPUReservation", "EBSFilesystemUtilization"]),
            // Service Connect's traffic metrics (ClusterName, ServiceName, DiscoveryName …).
            ...unit("Count", ["ActiveConnectionCount", "NewConnectionCount", "RequestCount", "GrpcRequestCount", "HTTPCode_Target_2XX_Count", "HTTPCode_Target_3XX_Count",
                "HTTPCode_Target_4XX_Count", "HTTPCode_Target_5XX_Count", "RequestCountPerTarget", "ClientTLSNegotiationErrorCount", "TargetTLSNegotiationErrorCount"]),
            ...unit("Bytes", ["ProcessedBytes", "TargetProcessedBytes"]),
            ...unit("Milliseconds", ["TargetResponseTime"]),
        },
        dimensionSets: [["ClusterName"], ["ClusterName", "ServiceName"], ["ClusterName", "ServiceName", "DiscoveryName"], ["ClusterName", "ServiceName", "TargetDiscoveryName"],
            ["ClusterName", "ServiceName", "DiscoveryName", "TargetDiscoveryName"], ["ClusterName", "CapacityProviderName"]],
    },
    "ECS/ContainerInsights": {
        metrics: {
            ...unit("Count", ["ContainerInstanceCount", "DeploymentCount", "DesiredTaskCount", "PendingTaskCount", "RunningTaskCount", "ServiceCount", "TaskCount", "TaskSetCount",
                "RestartCount", "ContainerRestartCount"]),
            ...unit("Megabytes", ["MemoryReserved", "MemoryUtilized"]),
            ...unit("Gigabytes", ["EphemeralStorageReserved", "EphemeralStorageUtilized"]),
            ...Object.fromEntries(["CpuReserved", "CpuUtilized", "StorageReadBytes", "StorageWriteBytes", "NetworkRxBytes", "NetworkTxBytes"].map(n => [n, {}])),
            ...unit("Percent", ["TaskCpuUtilization", "TaskMemoryUtilization", "TaskEphemeralStorageUtilization", "ContainerCpuUtilization", "ContainerMemoryUtilization"]),
        },
        dimensionSets: [["ClusterName"], ["ClusterName", "ServiceName"], ["ClusterName", "TaskDefinitionFamily"], ["ClusterName", "ServiceName", "TaskDefinitionFamily"],
            ["ClusterName", "TaskId"], ["ClusterName", "ContainerInstanceId", "EC2InstanceId"], ["ClusterName", "TaskDefinitionFamily", "ContainerName"], ["ClusterName", "ServiceName", "ContainerName"]],
    },
    "AWS/ApplicationELB": {
        metrics: {
            ...unit("Count", ["ActiveConnectionCount", "AnomalousHostCount", "ClientTLSNegotiationErrorCount", "DesyncMitigationMode_NonCompliant_Request_Count", "DroppedInvalidHeaderRequestCount",
                "ForwardedInvalidHeaderRequestCount", "GrpcRequestCount", "HTTP_Fixed_Response_Count", "HTTP_Redirect_Count", "HTTP_Redirect_Url_Limit_Exceeded_Count",
                "HTTPCode_ELB_3XX_Count", "HTTPCode_ELB_4XX_Count", "HTTPCode_ELB_5XX_Count", "HTTPCode_ELB_500_Count", "HTTPCode_ELB_502_Count", "HTTPCode_ELB_503_Count",
                "HTTPCode_ELB_504_Count", "IPv6RequestCount", "MitigatedHostCount", "NewConnectionCount", "NonStickyRequestCount", "RejectedConnectionCount", "RequestCount",
                "RuleEvaluations", "HTTPCode_Target_2XX_Count", "HTTPCode_Target_3XX_Count", "HTTPCode_Target_4XX_Count", "HTTPCode_Target_5XX_Count", "RequestCountPerTarget",
                "TargetConnectionErrorCount", "TargetTLSNegotiationErrorCount", "ELBAuthError", "ELBAuthFailure", "ELBAuthRefreshTokenSuccess", "ELBAuthSuccess",
                "ELBAuthUserClaimsSizeExceeded", "LambdaInternalError", "LambdaUserError", "ZonalHealthStatus", "PeakLCUs", "LambdaTargetProcessedBytes"]),
            ...unit("Bytes", ["IPv6ProcessedBytes", "ProcessedBytes"]),
            ...unit("Seconds", ["TargetResponseTime"]),
            ...unit("Milliseconds", ["ELBAuthLatency"]),
            ConsumedLCUs: {},
            HealthyHostCount: { unit: "Count", dimensionSets: ALB_TARGET_SETS },
            UnHealthyHostCount: { unit: "Count", dimensionSets: ALB_TARGET_SETS },
            HealthyStateDNS: { unit: "Count", dimensionSets: ALB_TARGET_SETS },
            HealthyStateRouting: { unit: "Count", dimensionSets: ALB_TARGET_SETS },
            UnhealthyStateDNS: { unit: "Count", dimensionSets: ALB_TARGET_SETS },
            UnhealthyStateRouting: { unit: "Count", dimensionSets: ALB_TARGET_SETS },
            UnhealthyRoutingRequestCount: { unit: "Count", dimensionSets: ALB_TARGET_SETS },
        },
        dimensionSets: ELB_SETS,
    },
    "CloudWatchSynthetics": {
        metrics: {
            ...unit("Percent", ["SuccessPercent"]),
            ...unit("Milliseconds", ["Duration"]),
            ...unit("Count", ["Failed", "Failed requests", "2xx", "4xx", "5xx", "VisualMonitoringSuccessPercent", "VisualMonitoringTotalComparisons"]),
        },
        dimensionSets: [["CanaryName"], ["CanaryName", "StepName"]],
    },
    "AWS/S3": {
        metrics: {
            ...unit("Bytes", ["BucketSizeBytes", "BytesDownloaded", "BytesUploaded"]),
            ...unit("Count", ["NumberOfObjects", "AllRequests", "GetRequests", "PutRequests", "DeleteRequests", "HeadRequests", "PostRequests", "SelectRequests",
                "ListRequests", "4xxErrors", "5xxErrors"]),
            ...unit("Milliseconds", ["FirstByteLatency", "TotalRequestLatency"]),
            OperationsFailedReplication: { unit: "Count", regionOf: "SourceBucket" },
            OperationsPendingReplication: { unit: "Count", regionOf: "DestinationBucket" },
            BytesPendingReplication: { unit: "Bytes", regionOf: "DestinationBucket" },
            ReplicationLatency: { unit: "Seconds", regionOf: "DestinationBucket" },
            ...unit("Bytes", ["SelectBytesScanned", "SelectBytesReturned"]),
        },
        dimensionSets: [["BucketName", "StorageType"], ["BucketName", "FilterId"], ["SourceBucket", "DestinationBucket", "RuleId"]],
    },
    "AWS/WAFV2": {
        metrics: unit("Count", ["AllowedRequests", "BlockedRequests", "CountedRequests", "CaptchaRequests", "RequestsWithValidCaptchaToken", "ChallengeRequests",
            "RequestsWithValidChallengeToken", "PassedRequests", "CaptchasAttempted", "CaptchasSolved", "SampleCount"]),
        dimensionSets: [["WebACL", "Region", "Rule"], ["WebACL", "Region"], ["WebACL", "Region", "RuleGroup"], ["WebACL", "Region", "RuleGroup", "Rule"],
            ["WebACL", "Region", "Rule", "LabelNamespace", "Label"], ["WebACL", "Region", "LabelNamespace", "Label"], ["Region", "Rule", "WebACL", "Country"], ["Region", "WebACL", "Country"]],
    },
};
