import { registerProcedure } from "../registry";
import { cacheWarmProcedure } from "./cache-warm";
import { circuitBreakerProcedure } from "./circuit-breaker";
import { replicaPromotionProcedure } from "./replica-promotion";
import { scaleUpProcedure } from "./scale-up";

// Every emergency procedure, registered once when the emergency module loads. Add new ones here.
registerProcedure(scaleUpProcedure);
registerProcedure(circuitBreakerProcedure);
registerProcedure(cacheWarmProcedure);
registerProcedure(replicaPromotionProcedure);
