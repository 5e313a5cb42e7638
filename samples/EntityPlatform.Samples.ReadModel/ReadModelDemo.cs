using System.Diagnostics;
using System.Globalization;
using System.Text;
using EntityPlatform.Client;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.LocalMode;
using EntityPlatform.Projections.Hosting;
using EntityPlatform.Projections.Postgres;
using EntityPlatform.Projections.Sources;
using Npgsql;

namespace EntityPlatform.Samples.ReadModel;

/// <summary>
/// <c>demo</c>: the read side end to end on the cluster that <c>local up</c> started. The account projection
/// runs into PostgreSQL while clients deposit and the leader of a shard is SIGKILLed; every second it shows
/// how far the read model has caught up; at the end it checks each balance against the account entity itself
/// (a linearizable query) and against the deposits acknowledged to the clients.
/// </summary>
public static class ReadModelDemo
{
    private const int Accounts = 8;
    private static readonly TimeSpan CatchUpDeadline = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(NpgsqlDataSource dataSource, ReadModelArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var state = LocalState.Load() ?? throw new ArgumentException($"no local cluster found in {LocalState.Directory}; start one with 'local up' from this folder");
        var nodes = arguments.Nodes.Count > 0 ? arguments.Nodes : state.Nodes.Select(node => node.GrpcAddress).ToList();
        var prefix = $"demo-{DateTime.UtcNow:HHmmss}-";
        // local up is secure by default: the SDK then presents the client certificate it made and trusts its CA.
        using var client = new EntityPlatformClient(new EntityPlatformClientOptions
        {
            Endpoints = [.. nodes],
            Tls = state.Certificates is { } certificates ? EntityPlatform.Contracts.Security.ClientTls.FromDirectory(certificates.ClientDirectory) : null,
        });
        using var host = new ProjectionHost<PostgresUnitOfWork>(EventSources.FromSubscribe(client.SubscribeAsync, arguments.EntityType),
            new PostgresCheckpointStore(dataSource, AccountProjection.Name), new AccountProjection(),
            new ProjectionHostOptions { Name = AccountProjection.Name });
        using var stopProjection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var projecting = Task.Run(() => host.RunAsync(stopProjection.Token), CancellationToken.None);
        output.WriteLine($"== projecting '{arguments.EntityType}' into PostgreSQL from {string.Join(", ", nodes)}");
        output.WriteLine($"== {Accounts} clients deposit 1 to accounts {prefix}0..{Accounts - 1} for {arguments.Seconds} s; the leader of one shard gets SIGKILL at a third");

        var deposits = new DepositLoad(client, arguments.EntityType, prefix, Accounts);
        var clock = Stopwatch.StartNew();
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = deposits.RunAsync(stopWriting.Token);
        var killed = false;
        while (clock.Elapsed < TimeSpan.FromSeconds(arguments.Seconds))
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            if (!killed && clock.Elapsed >= TimeSpan.FromSeconds(arguments.Seconds) / 3)
            {
                // Tried again each second while the shard has no leader (an election under way).
                string report;
                (killed, report) = await KillLeaderAsync(state, arguments.EntityType, prefix + "0");
                output.WriteLine($"  t={clock.Elapsed.TotalSeconds:0.0}s {report}");
            }

            var projected = (await RowsAsync(dataSource, prefix, cancellationToken)).Values.Sum(row => row.Transactions);
            output.WriteLine($"  t={clock.Elapsed.TotalSeconds:0.0}s acknowledged {deposits.Acknowledged,6} deposits; the read model holds {projected,6}");
        }

        await stopWriting.CancelAsync();
        await writing;
        var writesEnded = clock.Elapsed;
        output.WriteLine($"== writes stopped: {deposits.Acknowledged} acknowledged, {deposits.Failed} failed for good (they may or may not have applied)");

        // What the read model must reach: each entity's own balance, read linearizably once the writes are over.
        var entities = await EntityBalancesAsync(client, arguments.EntityType, prefix, cancellationToken);
        IReadOnlyDictionary<string, AccountBalance> rows;
        while (!Matches(rows = await RowsAsync(dataSource, prefix, cancellationToken), entities) && clock.Elapsed - writesEnded < CatchUpDeadline && !projecting.IsCompleted)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        output.WriteLine($"== {(clock.Elapsed - writesEnded).TotalMilliseconds:0} ms after the last write the read model holds {rows.Values.Sum(row => row.Transactions)} deposits; the entities {entities.Values.Sum()}");
        var ok = Check(rows, entities, prefix, deposits, output);
        await stopProjection.CancelAsync();
        try
        {
            await projecting;
        }
        catch (OperationCanceledException) when (stopProjection.IsCancellationRequested)
        {
        }

        output.WriteLine("checkpoints: " + string.Join(", ", host.Checkpoints.OrderBy(p => p.Key).Select(p => $"shard {p.Key} at {p.Value}")));
        return ok ? 0 : 1;
    }

    /// <summary>SIGKILLs the node that leads the shard of <paramref name="accountId"/> (asked of the cluster, not guessed).</summary>
    private static async Task<(bool Killed, string Report)> KillLeaderAsync(LocalState state, string entityType, string accountId)
    {
        var view = await ClusterView.CollectAsync(state, 0);
        var shard = (uint)ClusterFile.Load(state.ClusterFile).Catalog().ShardOf(entityType, accountId).Shard;
        if (!view.Leaders.TryGetValue((entityType, shard), out var leader))
        {
            return (false, $"shard {shard} of '{entityType}' has no leader right now; trying again in a second");
        }

        NodeProcesses.Kill(state.Nodes.Single(node => node.Id == leader).Pid);
        return (true, $"SIGKILL node {leader}, leader of shard {shard} of '{entityType}' (restart it with 'local restart --node {leader}')");
    }

    private static async Task<IReadOnlyDictionary<string, long>> EntityBalancesAsync(EntityPlatformClient client, string entityType, string prefix, CancellationToken cancellationToken)
    {
        var balances = new Dictionary<string, long>();
        for (var account = 0; account < Accounts; account++)
        {
            var id = prefix + account.ToString(CultureInfo.InvariantCulture);
            var reply = await client.QueryAsync(entityType, id, "balance", ReadOnlyMemory<byte>.Empty, cancellationToken: cancellationToken);
            balances[id] = long.Parse(Encoding.UTF8.GetString(reply.Result.Span), CultureInfo.InvariantCulture);
        }

        return balances;
    }

    private static async Task<IReadOnlyDictionary<string, AccountBalance>> RowsAsync(NpgsqlDataSource dataSource, string prefix, CancellationToken cancellationToken) =>
        (await AccountReadModelQueries.BalancesAsync(dataSource, AccountReadModelQueries.MaxRows, cancellationToken))
            .Where(row => row.AccountId.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(row => row.AccountId);

    private static bool Matches(IReadOnlyDictionary<string, AccountBalance> rows, IReadOnlyDictionary<string, long> entities) =>
        entities.All(pair => (rows.GetValueOrDefault(pair.Key)?.Balance ?? 0) == pair.Value);

    /// <summary>
    /// Each row must equal the entity's own balance (the fold of its events, read linearizably), count each
    /// deposit once (transactions = balance, since every deposit is 1), and the entity must hold every
    /// acknowledged deposit and at most those plus the ones whose outcome is unknown.
    /// </summary>
    private static bool Check(IReadOnlyDictionary<string, AccountBalance> rows, IReadOnlyDictionary<string, long> entities, string prefix,
        DepositLoad deposits, TextWriter output)
    {
        var ok = true;
        output.WriteLine($"  {"account",-24} {"read model",10} {"entity",10} {"acknowledged",12} {"unknown",8}");
        for (var account = 0; account < Accounts; account++)
        {
            var id = prefix + account.ToString(CultureInfo.InvariantCulture);
            var entity = entities[id];
            var row = rows.GetValueOrDefault(id) ?? new AccountBalance(id, 0, 0);
            var acknowledged = deposits.AcknowledgedOf(account);
            var good = row.Balance == entity && row.Transactions == row.Balance && entity >= acknowledged && entity <= acknowledged + deposits.FailedOf(account);
            ok &= good;
            output.WriteLine($"  {id,-24} {row.Balance,10} {entity,10} {acknowledged,12} {deposits.FailedOf(account),8}{(good ? "" : "   MISMATCH")}");
        }

        output.WriteLine(ok
            ? "== the read model equals the entities' own state: every acknowledged deposit counted exactly once, none lost, none twice"
            : "== MISMATCH between the read model and the entities (see the rows above)");
        return ok;
    }
}
