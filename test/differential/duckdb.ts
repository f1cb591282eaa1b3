import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";

/**
 * DuckDB as the reference engine of the differential suite: an in-memory database in this process, loaded with
 * the same tables as Kindling. Each result column carries its Spark type's name, so a comparison catches a
 * type that differs as well as a value.
 */

/** A column of a generated table: its name and Spark type, whose DuckDB spelling DUCKDB_DDL gives. */
export interface Column {
  readonly name: string;
  readonly type: SparkTypeName;
}

export type SparkTypeName = "int" | "bigint" | "double" | "string" | "boolean";

const DUCKDB_DDL: Record<SparkTypeName, string> = {
  int: "INTEGER",
  bigint: "BIGINT",
  double: "DOUBLE",
  string: "VARCHAR",
  boolean: "BOOLEAN",
};

/**
 * DuckDB's result types as the Spark type Kindling gives for the same expression. HUGEINT is DuckDB's sum of
 * integers, which Spark keeps as a long (bigint); both arrive in JavaScript as bigint.
 */
const FROM_DUCKDB: Record<string, SparkTypeName> = {
  INTEGER: "int",
  BIGINT: "bigint",
  HUGEINT: "bigint",
  DOUBLE: "double",
  VARCHAR: "string",
  BOOLEAN: "boolean",
};

export interface Result {
  readonly types: readonly SparkTypeName[];
  readonly rows: readonly (readonly unknown[])[];
}

export class DuckDb {
  private constructor(private readonly connection: DuckDBConnection) {}

  static async open(): Promise<DuckDb> {
    const instance = await DuckDBInstance.create(":memory:");
    return new DuckDb(await instance.connect());
  }

  async createTable(name: string, columns: readonly Column[], rows: readonly (readonly unknown[])[]): Promise<void> {
    await this.connection.run(`CREATE TABLE ${name} (${columns.map((c) => `${c.name} ${DUCKDB_DDL[c.type]}`).join(", ")})`);
    const values = rows.map((row) => `(${row.map(literal).join(", ")})`);
    if (values.length > 0) await this.connection.run(`INSERT INTO ${name} VALUES ${values.join(", ")}`);
  }

  async query(sql: string): Promise<Result> {
    const reader = await this.connection.runAndReadAll(sql);
    const types = reader.columnTypes().map((t, i) => {
      const name = FROM_DUCKDB[t.toString()];
      if (name === undefined) throw new Error(`DuckDB column ${i} of "${sql}" is ${t}, which the suite does not map to a Spark type; add it to FROM_DUCKDB or cast it`);
      return name;
    });
    return { types, rows: reader.getRows() };
  }

  close(): void {
    this.connection.closeSync();
  }
}

function literal(v: unknown): string {
  if (v === null) return "NULL";
  if (typeof v === "string") return `'${v.replaceAll("'", "''")}'`;
  return String(v);
}
