/**
 * Counts words in UTF-8 text received from the network every trigger, in sliding windows of the time each
 * line arrived (Spark's StructuredNetworkWordCountWindowed).
 *
 * Usage: node dist/examples/StructuredNetworkWordCountWindowed.js <hostname> <port> <window duration> [<slide duration>]
 * <hostname> and <port> describe the TCP server that Structured Streaming would connect to receive data.
 * <window duration> gives the size of window, specified as integer number of seconds
 * <slide duration> gives the amount of time successive windows are offset from one another,
 * given in the same units as above. <slide duration> should be less than or equal to
 * <window duration>. If the two are equal, successive windows have no overlap. If
 * <slide duration> is not provided, it defaults to <window duration>.
 *
 * To run this on your local machine, first run a Netcat server, `nc -lk 9999`, then
 * `node dist/examples/StructuredNetworkWordCountWindowed.js localhost 9999 10 5`, and type lines into it.
 */
import { functions as F, SparkSession } from "kindling";

const args = process.argv.slice(2);
if (args.length < 3) {
  console.error("Usage: StructuredNetworkWordCountWindowed <hostname> <port> <window duration in seconds> [<slide duration in seconds>]");
  process.exit(1);
}
const [host, port] = args as [string, string];
const windowSize = Number.parseInt(args[2]!, 10);
const slideSize = args.length === 3 ? windowSize : Number.parseInt(args[3]!, 10);
if (slideSize > windowSize) {
  console.error("<slide duration> must be less than or equal to <window duration>");
}
const windowDuration = `${windowSize} seconds`;
const slideDuration = `${slideSize} seconds`;

const spark = SparkSession.builder().appName("StructuredNetworkWordCountWindowed").getOrCreate();

// Create DataFrame representing the stream of input lines from connection to host:port
const lines = spark.readStream.format("socket").option("host", host).option("port", port).option("includeTimestamp", true).load();

// Split the lines into words, retaining timestamps
const words = lines.select(F.explode(F.split(lines.col("value"), " ")).alias("word"), lines.col("timestamp"));

// Group the data by window and word and compute the count of each group
const windowedCounts = words.groupBy(F.window(words.col("timestamp"), windowDuration, slideDuration), words.col("word")).count().orderBy("window");

// Start running the query that prints the windowed word counts to the console
const query = windowedCounts.writeStream.outputMode("complete").format("console").option("truncate", "false").start();

await query.awaitTermination();
