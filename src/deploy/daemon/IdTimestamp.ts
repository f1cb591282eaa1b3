function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** yyyyMMddHHmmss in local time, as Spark's application and worker ids carry it. */
export function idTimestamp(millis: number): string {
  const d = new Date(millis);
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}
