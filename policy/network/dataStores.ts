/** The stack's data stores as the network policies see them: their security groups and subnets. */
import { ELASTICACHE_REPLICATION_GROUP, RDS_INSTANCE } from "../lib/tokens";

/** Data stores and the property that names their security groups. */
export const DATA_STORE_GROUPS: Record<string, string> = {
    [RDS_INSTANCE[0]]: "vpcSecurityGroupIds",
    "aws:rds/cluster:Cluster": "vpcSecurityGroupIds",
    [ELASTICACHE_REPLICATION_GROUP[0]]: "securityGroupIds",
    "aws:elasticache/cluster:Cluster": "securityGroupIds",
    "aws:memorydb/cluster:Cluster": "securityGroupIds",
};

/** Data stores, the property that names their subnet group, and that group's type. */
export const DATA_STORE_SUBNET_GROUPS: Record<string, [string, string]> = {
    [RDS_INSTANCE[0]]: ["dbSubnetGroupName", "aws:rds/subnetGroup:SubnetGroup"],
    "aws:rds/cluster:Cluster": ["dbSubnetGroupName", "aws:rds/subnetGroup:SubnetGroup"],
    [ELASTICACHE_REPLICATION_GROUP[0]]: ["subnetGroupName", "aws:elasticache/subnetGroup:SubnetGroup"],
    "aws:elasticache/cluster:Cluster": ["subnetGroupName", "aws:elasticache/subnetGroup:SubnetGroup"],
    "aws:memorydb/cluster:Cluster": ["subnetGroupName", "aws:memorydb/subnetGroup:SubnetGroup"],
};
