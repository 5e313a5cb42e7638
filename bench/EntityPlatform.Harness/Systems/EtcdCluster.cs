using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Harness.Checking;
using EntityPlatform.Harness.Network;
using EntityPlatform.Interop.Etcd;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace EntityPlatform.Harness.Systems;

/// <summary>
/// A 3-member etcd 3.4 cluster (Debian's etcd-server) on free 127.0.0.1 ports with temporary data
/// directories, driven through etcd's own KV.Put/Range with our gRPC client. Members are killed by PID.
/// With <c>--netns</c> each member runs in its own namespace and listens on that namespace's address.
/// </summary>
public sealed class EtcdCluster(int memberCount = 3, NetnsTopology? network = null) : ISystemUnderTest
{
    private readonly string directory = Directory.CreateTempSubdirectory("ep-harness-etcd-").FullName;
    private readonly List<Member> members = [];
    private int next;

    private sealed record Member(int Id, string Host, int ClientPort, int PeerPort, string Data, string Log)
    {
        public int Pid { get; set; }
        public GrpcChannel Channel { get; } = Channels.Create(new Uri($"http://{Host}:{ClientPort}"));
        public string Name => $"e{Id}";
        public string ClientUrl => $"http://{Host}:{ClientPort}";
        public string PeerUrl => $"http://{Host}:{PeerPort}";
    }

    public string Name => "etcd 3.4";
    public IModel Model => RegisterModel.Instance;
    public bool SupportsWipe => true;
    public NetnsTopology? Network => network;
    public IReadOnlyList<(int Member, int Pid)> Members => members.Select(m => (m.Id, m.Pid)).ToList();
    public string WorkDirectory => directory;
    public bool KeepFiles { get; set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var etcd = ProcessLauncher.Which("etcd") ?? throw new InvalidOperationException("etcd is not installed: apt-get install -y etcd-server");
        for (var i = 1; i <= memberCount; i++)
        {
            members.Add(new Member(i, network?.MemberAddress(i) ?? "127.0.0.1", Ports.Free(), Ports.Free(), Path.Combine(directory, $"e{i}"), Path.Combine(directory, $"e{i}.log")));
        }

        foreach (var member in members)
        {
            member.Pid = Launch(etcd, member, "new");
        }

        foreach (var member in members)
        {
            await Ports.WaitListeningAsync(member.Host, member.ClientPort, TimeSpan.FromSeconds(30), cancellationToken);
        }

        // Listening is not serving: wait for a leader by writing until one write succeeds.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await MutateAsync("harness/ready", 1, TimeSpan.FromSeconds(2), cancellationToken);
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private int Launch(string etcd, Member member, string state)
    {
        // The same --initial-cluster serves a first start and a rejoin after member add: the names and peer URLs do not change.
        var cluster = string.Join(",", members.Select(m => $"{m.Name}={m.PeerUrl}"));
        string[] run =
        [
            etcd, "--name", member.Name, "--data-dir", member.Data,
            "--listen-client-urls", member.ClientUrl, "--advertise-client-urls", member.ClientUrl,
            "--listen-peer-urls", member.PeerUrl, "--initial-advertise-peer-urls", member.PeerUrl,
            "--initial-cluster", cluster, "--initial-cluster-state", state, "--initial-cluster-token", "ep-harness",
        ];
        // ip netns exec replaces itself with etcd, so the PID is still the member's own.
        string[] command = network is null ? run : ["ip", "netns", "exec", network.MemberNamespace(member.Id), .. run];
        return ProcessLauncher.Start(command[0], command[1..], member.Log);
    }

    public Task MutateAsync(string key, long value, TimeSpan timeout, CancellationToken cancellationToken) =>
        CallAsync(channel => new KV.KVClient(channel).PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFromUtf8(value.ToString()) },
            deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ResponseAsync, timeout);

    public async Task<long> ReadAsync(string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Range without serializable=true is etcd's linearizable read (ReadIndex through the leader).
        var reply = await CallAsync(channel => new KV.KVClient(channel).RangeAsync(new RangeRequest { Key = ByteString.CopyFromUtf8(key) },
            deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ResponseAsync, timeout);
        return reply.Kvs.Count == 0 ? 0 : long.Parse(reply.Kvs[0].Value.ToStringUtf8());
    }

    /// <summary>
    /// Tries members in turn, moving on only when a connection could not be made (so the call surely did
    /// not reach etcd); any other failure is final, because retrying a Put that may have applied could apply
    /// an old value after a newer one.
    /// </summary>
    private async Task<T> CallAsync<T>(Func<GrpcChannel, Task<T>> call, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        for (var attempt = 0; ; attempt++)
        {
            var member = members[(int)((uint)Interlocked.Increment(ref next) % members.Count)];
            try
            {
                return await call(member.Channel);
            }
            catch (Exception error) when (ConnectFailure.IsRefused(error) && attempt < members.Count * 3 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
        }
    }

    /// <summary>
    /// etcd's Watch on the key prefix (range key..prefix-with-last-byte+1), opened on member 1 (any member serves
    /// watches, as our followers serve subscriptions); a Put's value is the value the harness wrote.
    /// </summary>
    public async IAsyncEnumerable<long> WrittenValuesAsync(string keyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken, bool fromStart = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        var key = Encoding.UTF8.GetBytes(keyPrefix);
        var end = (byte[])key.Clone();
        Invariant.Assert(end[^1] < byte.MaxValue, "a watched prefix ends with a byte below 0xFF");
        end[^1]++;
        using var call = new Watch.WatchClient(members[0].Channel).Watch(cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new WatchRequest { CreateRequest = new WatchCreateRequest { Key = ByteString.CopyFrom(key), RangeEnd = ByteString.CopyFrom(end), StartRevision = fromStart ? 1 : 0 } }, cancellationToken);
        await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (response.Canceled)
            {
                throw new InvalidOperationException($"etcd cancelled the watch on '{keyPrefix}': {response.CancelReason}");
            }

            foreach (var change in response.Events.Where(change => change.Type == Event.Types.EventType.Put))
            {
                yield return long.Parse(change.Kv.Value.ToStringUtf8());
            }
        }
    }

    public bool MayHaveApplied(Exception error) => !ConnectFailure.IsRefused(error);

    public async Task<int?> LeaderOfAsync(string key, CancellationToken cancellationToken)
    {
        var etcdctl = ProcessLauncher.Which("etcdctl");
        var live = members.Where(m => m.Pid != 0).ToList();
        if (etcdctl is null || live.Count == 0)
        {
            return null;
        }

        var start = new ProcessStartInfo(etcdctl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--endpoints", string.Join(",", live.Select(m => $"{m.Host}:{m.ClientPort}")), "--command-timeout", "1s", "endpoint", "status", "-w", "json" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ETCDCTL_API"] = "3";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return ParseLeader(output);
    }

    private int? ParseLeader(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var endpoint in document.RootElement.EnumerateArray())
            {
                var status = endpoint.GetProperty("Status");
                if (status.GetProperty("header").GetProperty("member_id").GetUInt64() == status.GetProperty("leader").GetUInt64())
                {
                    var address = endpoint.GetProperty("Endpoint").GetString() ?? "";
                    return members.FirstOrDefault(m => address.EndsWith($"{m.Host}:{m.ClientPort}", StringComparison.Ordinal))?.Id;
                }
            }
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
        }

        return null;
    }

    /// <summary>Go's cumulative heap allocation (<c>go_memstats_alloc_bytes_total</c> on each member's /metrics), summed.</summary>
    public async Task<long?> ServerAllocatedBytesAsync(CancellationToken cancellationToken)
    {
        var total = 0L;
        foreach (var member in members.Where(m => m.Pid != 0))
        {
            if (await PrometheusText.ReadCounterAsync(new Uri($"{member.ClientUrl}/metrics"), "go_memstats_alloc_bytes_total", cancellationToken) is not { } bytes)
            {
                return null;
            }

            total += (long)bytes;
        }

        return total;
    }

    /// <summary>etcd is one Raft group: every key depends on its one leader.</summary>
    public Task<Func<string, bool>> KeysLedByAsync(int member, CancellationToken cancellationToken) => Task.FromResult<Func<string, bool>>(_ => true);

    public void Kill(int member) => Signals.Send(Find(member).Pid, "KILL");

    public void Pause(int member) => Signals.Send(Find(member).Pid, "STOP");

    /// <summary>SIGTERM: etcd's graceful stop transfers the leadership of a leader to a peer before it exits.</summary>
    public void Terminate(int member) => Signals.Send(Find(member).Pid, "TERM");

    public void Resume(int member) => Signals.Send(Find(member).Pid, "CONT");

    public async Task RestartAsync(int member, bool wipe, CancellationToken cancellationToken)
    {
        var found = Find(member);
        Signals.Send(found.Pid, "KILL");
        if (wipe)
        {
            // A wiped member rejoins as a new member: remove the old id, add the name back, start on an empty disk.
            await Task.Delay(200, cancellationToken);
            if (Directory.Exists(found.Data))
            {
                Directory.Delete(found.Data, recursive: true);
            }

            var others = members.Where(m => m.Id != member).Select(m => $"{m.Host}:{m.ClientPort}").ToList();
            await EtcdMembership.ReplaceAsync(others, found.Name, found.PeerUrl, cancellationToken);
        }

        found.Pid = Launch(ProcessLauncher.Which("etcd")!, found, "existing");
        await Ports.WaitListeningAsync(found.Host, found.ClientPort, TimeSpan.FromSeconds(30), cancellationToken);
    }

    private Member Find(int id) => members.Single(m => m.Id == id);

    public async ValueTask DisposeAsync()
    {
        foreach (var member in members)
        {
            Signals.Send(member.Pid, "CONT");
            Signals.Send(member.Pid, "KILL");
            member.Channel.Dispose();
        }

        await Task.Delay(200);
        if (KeepFiles)
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A member that is still exiting may hold a file; the OS cleans the temp directory later.
        }
    }
}
