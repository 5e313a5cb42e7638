using EntityPlatform.Storage.Bench;

// storage-bench: measurements for docs/benchmarks.md (Storage section), and the operator's repair verbs.
//   throughput [dir] [seconds]   durable entries/s, 128-byte entries, 1 and 1,000 groups, next to FileStream+fsync and bare FasterLog
//   latency    [dir] [batchesPerSecond] [seconds]   commit latency p50/p99 at a fixed batch rate
//   recovery   [dir] [entries]   open/recovery time of a store holding that many entries (default 1,000,000)
//   snapshot-transfer [dir] [gib]   a shard of that much state (default 2.5 GiB) snapshotted, streamed to a new replica over
//                                loopback gRPC and restored there (issue 14)
//   inspect    <dir>             recovery report, refused groups and damage of a store
//   wipe-group <dir> <groupId>   wipes one group's replica (log + snapshots) so it rejoins from its peers
var verb = args.Length > 0 ? args[0] : "help";
var directory = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "ep-storage-bench");
switch (verb)
{
    case "throughput":
        ThroughputBench.Run(directory, args.Length > 2 ? double.Parse(args[2]) : 3);
        break;
    case "latency":
        LatencyBench.Run(directory, args.Length > 2 ? int.Parse(args[2]) : 200, args.Length > 3 ? double.Parse(args[3]) : 5);
        break;
    case "recovery":
        RecoveryBench.Run(directory, args.Length > 2 ? long.Parse(args[2]) : 1_000_000);
        break;
    case "snapshot-transfer":
        await SnapshotTransferBench.RunAsync(directory, args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2.5);
        break;
    case "inspect":
        AdminCommands.Inspect(directory);
        break;
    case "wipe-group":
        AdminCommands.WipeGroup(directory, ulong.Parse(args[2]));
        break;
    default:
        Console.WriteLine("usage: storage-bench throughput|latency|recovery|snapshot-transfer [dir] [...] | inspect <dir> | wipe-group <dir> <groupId>");
        return 2;
}

return 0;
