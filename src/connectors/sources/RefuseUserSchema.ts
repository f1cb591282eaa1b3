import type { StructType } from "../../types/StructType.js";
import { IllegalArgumentException } from "../../util/SparkException.js";

/** Sources with a fixed schema refuse one given with `readStream.schema(..)`, as Spark's table providers do. */
export function refuseUserSchema(providerName: string, userSchema: StructType | undefined): void {
  if (userSchema !== undefined) {
    throw new IllegalArgumentException(`${providerName} source does not support user-specified schema: it always has its own; remove the .schema(${JSON.stringify(userSchema.toDDL())}) call.`);
  }
}
