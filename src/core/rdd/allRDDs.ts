/**
 * Loads every RDD kind of the core, so each registers itself for transformations and for rebuilding on
 * executors. Subclass modules load before anything uses RDD.ts on its own.
 */
import "./MapPartitionsRDD.js";
import "./ParallelCollectionRDD.js";
import "./ShuffledRDD.js";
import "./UnionRDD.js";
import "./CoalescedRDD.js";
import "./CoGroupedRDD.js";
import "./TextFileRDD.js";
import "../broadcast/Broadcast.js";
import "../Accumulator.js";
