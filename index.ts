import { loadConfig } from "./config";
import { TagContext } from "./lib/tags";

// Read and validate every config key before any resource is registered: bad config stops
// here with one line per problem.
const cfg = loadConfig();
const tags: TagContext = { project: cfg.project, environment: cfg.environment };

// --- Network -------------------------------------------------------------------------------

// --- Encryption keys and data stores ------------------------------------------------------

// --- Compute: cluster, load balancer, services --------------------------------------------

// --- Monitoring and security baseline -----------------------------------------------------

// --- Disaster recovery ---------------------------------------------------------------------

// --- Operations ----------------------------------------------------------------------------

// --- Stack outputs (operators and the dr stack read these; never secret values) -----------
export const environment = cfg.environment;
export const region = cfg.region;
void tags;
