import { DatabaseSizing } from "../../../components/data/databaseSettings";

/** Prod's `expertconnect:database` section as the Database component receives it. */
export const sizing: DatabaseSizing = {
    instanceClass: "db.t3.medium", engineVersion: "16.4", allocatedStorageGb: 50, maxAllocatedStorageGb: 500,
    backupRetentionDays: 14, multiAz: true, backupWindow: "03:00-04:00", maintenanceWindow: "sun:04:30-sun:05:30",
};
