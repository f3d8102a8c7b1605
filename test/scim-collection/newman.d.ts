/** The part of newman's Node API the compliance test uses (the package ships no types). */
declare module 'newman' {
  interface RunFailure {
    source?: { name?: string };
    error: { name: string; message: string; test?: string };
  }
  interface RunSummary {
    run: { failures: RunFailure[]; stats: { assertions: { total?: number; failed?: number } } };
  }
  interface RunOptions {
    collection: unknown;
    envVar?: { key: string; value: string }[];
    folder?: string[];
    reporters?: string[];
    timeoutRequest?: number;
  }
  const newman: { run(options: RunOptions, callback: (err: Error | null, summary: RunSummary) => void): unknown };
  export default newman;
}
