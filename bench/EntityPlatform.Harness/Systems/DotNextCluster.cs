using System.Globalization;
using System.Net;
using System.Text.Json;
using EntityPlatform.Harness.Checking;
using EntityPlatform.Harness.Network;

namespace EntityPlatform.Harness.Systems;

/// <summary>
/// Issue 18's .NET peer: 3 members of the DotNext.Net.Cluster Raft key-value service (dotnext-peer.dll, copied next
/// to the harness from bench/EntityPlatform.DotNextPeer) on free 127.0.0.1 ports, or each in its own namespace with
/// <c>--netns</c>. Registers like etcd. Writes and reads go over h2c to the member believed to lead; a member that
/// does not lead answers 421 with the leader's id and did nothing, so the call moves there. Killed by PID.
/// </summary>
public sealed class DotNextCluster(int memberCount = 3, NetnsTopology? network = null) : ISystemUnderTest
{
    private static readonly string PeerDll = Path.Combine(AppContext.BaseDirectory, "dotnext-peer.dll");
    private readonly string directory = Directory.CreateTempSubdirectory("ep-harness-dotnext-").FullName;
    private readonly List<Member> members = [];
    private readonly HttpClient http = DotNextClient.CreateHttpClient();
    private int leaderGuess = 1;

    private sealed record Member(int Id, string Host, int RaftPort, int HttpPort, string Data, string Log)
    {
        public int Pid { get; set; }
        public string RaftEndPoint => $"{Host}:{RaftPort}";
        public Uri Base => new($"http://{Host}:{HttpPort}");
    }

    public string Name => "DotNext.Net.Cluster 6.12";
    public IModel Model => RegisterModel.Instance;

    /// <summary>The static member list has no way to bring a wiped member back safely (it would vote with an empty log).</summary>
    public bool SupportsWipe => false;

    public NetnsTopology? Network => network;
    public IReadOnlyList<(int Member, int Pid)> Members => members.Select(m => (m.Id, m.Pid)).ToList();
    public IReadOnlyList<ReadConsistency> ReadModes => [ReadConsistency.Linearizable, ReadConsistency.Lease];
    public bool SupportsPinnedReads => true;
    public string WorkDirectory => directory;
    public bool KeepFiles { get; set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(PeerDll))
        {
            throw new FileNotFoundException($"{PeerDll} is missing: build bench/EntityPlatform.Harness, which copies the DotNext peer next to it");
        }

        for (var i = 1; i <= memberCount; i++)
        {
            members.Add(new Member(i, network?.MemberAddress(i) ?? "127.0.0.1", Ports.Free(), Ports.Free(), Path.Combine(directory, $"d{i}"), Path.Combine(directory, $"d{i}.log")));
        }

        foreach (var member in members)
        {
            Launch(member);
        }

        foreach (var member in members)
        {
            await Ports.WaitListeningAsync(member.Host, member.HttpPort, TimeSpan.FromSeconds(30), cancellationToken);
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

    private void Launch(Member member)
    {
        string[] run =
        [
            "dotnet", PeerDll, "--id", member.Id.ToString(CultureInfo.InvariantCulture), "--members", string.Join(",", members.Select(m => m.RaftEndPoint)),
            "--http-port", member.HttpPort.ToString(CultureInfo.InvariantCulture), "--data", member.Data,
        ];
        // ip netns exec replaces itself with the program, so the PID is still the member's own.
        string[] command = network is null ? run : ["ip", "netns", "exec", network.MemberNamespace(member.Id), .. run];
        member.Pid = ProcessLauncher.Start(command[0], command[1..], member.Log);
    }

    public Task MutateAsync(string key, long value, TimeSpan timeout, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"/kv/{Uri.EscapeDataString(key)}/{value.ToString(CultureInfo.InvariantCulture)}", isWrite: true, timeout, cancellationToken);

    public Task<long> ReadAsync(string key, TimeSpan timeout, CancellationToken cancellationToken) =>
        ReadAsync(key, ReadConsistency.Linearizable, TimeSpan.Zero, timeout, cancellationToken);

    public async Task<long> ReadAsync(string key, ReadConsistency consistency, TimeSpan maxStaleness, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var body = await SendAsync(HttpMethod.Get, ReadPath(key, consistency), isWrite: false, timeout, cancellationToken);
        return long.Parse(body, CultureInfo.InvariantCulture);
    }

    /// <summary>One read to that member only, no redirect and no retry: what a client with a stale leader gets.</summary>
    public async Task<long> ReadFromAsync(int member, string key, ReadConsistency consistency, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var response = await http.GetAsync(new Uri(Find(member).Base, ReadPath(key, consistency)), deadline.Token);
        var body = await response.Content.ReadAsStringAsync(deadline.Token);
        return response.StatusCode == HttpStatusCode.OK
            ? long.Parse(body, CultureInfo.InvariantCulture)
            : throw new DotNextCallException($"member {member} answered {(int)response.StatusCode}", mayHaveApplied: false);
    }

    private static string ReadPath(string key, ReadConsistency consistency) => consistency switch
    {
        ReadConsistency.Linearizable => $"/kv/{Uri.EscapeDataString(key)}",
        ReadConsistency.Lease => $"/kv/{Uri.EscapeDataString(key)}?consistency=lease",
        _ => throw new NotSupportedException($"{consistency} reads: the DotNext peer offers linearizable and lease reads"),
    };

    /// <summary>
    /// Sends to the believed leader and follows 421 hints and refused connections (neither applied anything) until
    /// the deadline, at most <see cref="DotNextClient.MaxAttempts"/> times. Anything else ends the call: a write that
    /// timed out or got 503 may have applied, and re-sending it could apply an old value after a newer one.
    /// </summary>
    private async Task<string> SendAsync(HttpMethod method, string path, bool isWrite, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        for (var attempt = 1; ; attempt++)
        {
            var target = Volatile.Read(ref leaderGuess);
            var outcome = await DotNextClient.TryOnceAsync(http, method, new Uri(Find(target).Base, path), deadline.Token);
            switch (outcome.Kind)
            {
                case DotNextClient.OutcomeKind.Done:
                    return outcome.Body;
                case DotNextClient.OutcomeKind.Failed when isWrite:
                    // This write may have applied, so it is not re-sent; but a member that timed out may be cut off or
                    // paused, so the next call tries the next member (which redirects with a hint if it does not lead)
                    // instead of waiting on the silent one until it comes back.
                    Interlocked.CompareExchange(ref leaderGuess, target % members.Count + 1, target);
                    throw new DotNextCallException($"member {target}: {outcome.Body}", mayHaveApplied: true);
            }

            // Not applied (or a read): move to the hinted leader, else the next member, and try again.
            var next = outcome.LeaderHint is > 0 and var hint && hint <= members.Count ? hint : target % members.Count + 1;
            Interlocked.CompareExchange(ref leaderGuess, next, target);
            if (attempt >= DotNextClient.MaxAttempts || deadline.IsCancellationRequested)
            {
                throw new DotNextCallException($"no member served the call in {attempt} attempts (last: member {target}, {outcome.Kind} {outcome.Body})", mayHaveApplied: false);
            }

            if (outcome.LeaderHint is null || outcome.LeaderHint == target)
            {
                // No leader known (an election), or the leader itself declined (a lease read before its first lease):
                // give it a moment rather than spending every attempt at once.
                await Task.Delay(DotNextClient.NoLeaderBackoff, CancellationToken.None);
            }
        }
    }

    public bool MayHaveApplied(Exception error) => error is not DotNextCallException { MayHaveApplied: false };

    /// <summary>The leader claimed in the highest term among the members that answer /status.</summary>
    public async Task<int?> LeaderOfAsync(string key, CancellationToken cancellationToken)
    {
        var best = (Term: -1L, Leader: 0);
        foreach (var member in members.Where(m => m.Pid != 0))
        {
            if (await StatusAsync(member.Id, cancellationToken) is { } status && status.Leader > 0 && status.Term > best.Term)
            {
                best = (status.Term, status.Leader);
            }
        }

        return best.Leader > 0 ? best.Leader : null;
    }

    /// <summary>One member's /status, or null when it does not answer within <paramref name="timeout"/> (default a second).</summary>
    public async Task<PeerStatus?> StatusAsync(int member, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(1));
            var text = await http.GetStringAsync(new Uri(Find(member).Base, "/status"), deadline.Token);
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return new PeerStatus(root.GetProperty("leader").GetInt32(), root.GetProperty("term").GetInt64(), root.GetProperty("allocated_bytes").GetInt64());
        }
        catch (Exception error) when (error is HttpRequestException or OperationCanceledException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Each member's GC.GetTotalAllocatedBytes from its /status, summed (null when a member does not answer).</summary>
    public async Task<long?> ServerAllocatedBytesAsync(CancellationToken cancellationToken)
    {
        var total = 0L;
        foreach (var member in members.Where(m => m.Pid != 0))
        {
            // A loaded machine may take seconds to answer; a missing member would make the figure wrong, not smaller.
            if (await StatusAsync(member.Id, cancellationToken, TimeSpan.FromSeconds(10)) is not { } status)
            {
                return null;
            }

            total += status.AllocatedBytes;
        }

        return total;
    }

    /// <param name="Leader">The member this one believes leads (0: none known).</param>
    /// <param name="AllocatedBytes">The member process's GC.GetTotalAllocatedBytes so far.</param>
    public sealed record PeerStatus(int Leader, long Term, long AllocatedBytes);

    /// <summary>One Raft group: every key depends on its one leader.</summary>
    public Task<Func<string, bool>> KeysLedByAsync(int member, CancellationToken cancellationToken) => Task.FromResult<Func<string, bool>>(_ => true);

    public void Kill(int member) => Signals.Send(Find(member).Pid, "KILL");

    public void Pause(int member) => Signals.Send(Find(member).Pid, "STOP");

    /// <summary>SIGTERM: the peer stops its HTTP server and its Raft node (DotNext does not hand leadership over first).</summary>
    public void Terminate(int member) => Signals.Send(Find(member).Pid, "TERM");

    public void Resume(int member) => Signals.Send(Find(member).Pid, "CONT");

    public async Task RestartAsync(int member, bool wipe, CancellationToken cancellationToken)
    {
        if (wipe)
        {
            throw new NotSupportedException($"{Name}: a wiped member cannot rejoin a static configuration safely");
        }

        var found = Find(member);
        Signals.Send(found.Pid, "KILL");
        Launch(found);
        await Ports.WaitListeningAsync(found.Host, found.HttpPort, TimeSpan.FromSeconds(30), cancellationToken);
    }

    private Member Find(int id) => members.Single(m => m.Id == id);

    public async ValueTask DisposeAsync()
    {
        foreach (var member in members)
        {
            Signals.Send(member.Pid, "CONT");
            Signals.Send(member.Pid, "KILL");
        }

        http.Dispose();
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
