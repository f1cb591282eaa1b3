/**
 * Counts words in UTF-8 text received from the network every trigger (Spark's StructuredNetworkWordCount).
 *
 * Usage: node dist/examples/StructuredNetworkWordCount.js <hostname> <port>
 * <hostname> and <port> describe the TCP server that Structured Streaming would connect to receive data.
 *
 * To run this on your local machine, first run a Netcat server, `nc -lk 9999`, then
 * `node dist/examples/StructuredNetworkWordCount.js localhost 9999`, and type lines into the server.
 */
import { functions as F, SparkSession } from "kindling";

const [host, port] = process.argv.slice(2);
if (host === undefined || port === undefined) {
  console.error("Usage: StructuredNetworkWordCount <hostname> <port>");
  process.exit(1);
}

const spark = SparkSession.builder().appName("StructuredNetworkWordCount").getOrCreate();

// Create DataFrame representing the stream of input lines from connection to host:port
const lines = spark.readStream.format("socket").option("host", host).option("port", port).load();

// Split the lines into words
const words = lines.select(F.explode(F.split(lines.col("value"), " ")).alias("word"));

// Generate running word count
const wordCounts = words.groupBy("word").count();

// Start running the query that prints the running counts to the console
const query = wordCounts.writeStream.outputMode("complete").format("console").start();

await query.awaitTermination();
