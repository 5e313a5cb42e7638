using System.Net;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.Membership;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using EntityPlatform.DotNextPeer;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// dotnet dotnext-peer.dll --id 1 --members 127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003 --http-port 8001 --data /tmp/d1
// One member of the harness's DotNext.Net.Cluster peer (docs/harness.md, "The DotNext peer"). Stops on SIGTERM/SIGINT.
PeerOptions options;
try
{
    options = PeerOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

// SIGTERM and Ctrl-C are handled by the web host's console lifetime (below); this token only bounds start-up.
using var stopping = new CancellationTokenSource();

// The snapshot must be restored before the WAL is built: the WAL replays the entries after it.
var state = new KeyValueStateMachine(new DirectoryInfo(Path.Combine(options.DataDirectory, "snapshots")), PeerSettings.SnapshotEveryEntries);
await state.RestoreAsync(stopping.Token);
await using var wal = new WriteAheadLog(new WriteAheadLog.Options
{
    Location = Path.Combine(options.DataDirectory, "wal"),
    // Durable commits: in 6.12 every appended or committed entry is flushed before CommitAsync returns (the
    // FlushOnCommit option is obsolete and always true), so a replicated write is on disk when it is acknowledged.
    ChunkSize = PeerSettings.WalChunkBytes,
}, state);

var configuration = new RaftCluster.TcpConfiguration(options.RaftEndPoint)
{
    LowerElectionTimeout = PeerSettings.LowerElectionTimeoutMs,
    UpperElectionTimeout = PeerSettings.UpperElectionTimeoutMs,
    RequestTimeout = PeerSettings.RequestTimeout,
    ColdStart = false,
    // null: DotNext's in-memory configuration storage, filled below with the static member list.
    ConfigurationStorage = null!,
    IsLeaderLeaseEnabled = true,
};
var members = ((InMemoryClusterConfigurationStorage<EndPoint>)configuration.ConfigurationStorage).CreateInitialConfigurationBuilder();
foreach (var member in options.Members)
{
    members.Add(member);
}

members.Build();
await using var cluster = new RaftCluster(configuration) { AuditTrail = wal };
await cluster.StartAsync(stopping.Token);

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.RaftEndPoint.Address, options.HttpPort, listen => listen.Protocols = HttpProtocols.Http2));
await using var app = builder.Build();
new KeyValueEndpoints(cluster, state, options).Map(app);
await app.StartAsync(stopping.Token);
Console.WriteLine($"dotnext-peer {options.Id}: raft {options.RaftEndPoint}, http {options.RaftEndPoint.Address}:{options.HttpPort}, data {options.DataDirectory}");
// The host's console lifetime takes SIGTERM (and Ctrl-C) and cancels the runtime's default exit, so the process
// must wait for the host's shutdown itself: waiting on its own token, as before, left a SIGTERMed member running.
await app.WaitForShutdownAsync(CancellationToken.None);
await cluster.StopAsync(CancellationToken.None);
return 0;
