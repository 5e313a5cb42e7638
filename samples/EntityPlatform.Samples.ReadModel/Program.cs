using EntityPlatform.Client;
using EntityPlatform.Projections.Hosting;
using EntityPlatform.Projections.Sources;
using EntityPlatform.Projections.Postgres;
using EntityPlatform.Samples.ReadModel;
using Npgsql;

// The account read model's console: run the projection, or print what it built (docs/read-side.md).
ReadModelArguments arguments;
try
{
    arguments = ReadModelArguments.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(ReadModelArguments.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
await using var dataSource = NpgsqlDataSource.Create(arguments.Connection);
await AccountReadModelSchema.EnsureAsync(dataSource, stop.Token);

switch (arguments.Command)
{
    case "balances":
        foreach (var row in await AccountReadModelQueries.BalancesAsync(dataSource, arguments.Limit, stop.Token))
        {
            Console.WriteLine($"{row.AccountId,-24} {row.Balance,14} {row.Transactions,8} transactions");
        }

        return 0;
    case "run":
        using (var client = new EntityPlatformClient(new EntityPlatformClientOptions { Endpoints = [.. arguments.Nodes] }))
        {
            // The SDK's SubscribeAsync reads each shard from a node that hosts it and moves to another one
            // when that node fails; the host adds checkpoints and exactly-once effects on top.
            var store = new PostgresCheckpointStore(dataSource, AccountProjection.Name);
            using var host = new ProjectionHost<PostgresUnitOfWork>(EventSources.FromSubscribe(client.SubscribeAsync, arguments.EntityType), store,
                new AccountProjection(), new ProjectionHostOptions { Name = AccountProjection.Name, IsPermanentSourceError = IsPermanent });
            Console.WriteLine($"projecting '{arguments.EntityType}' from {string.Join(", ", arguments.Nodes)}; Ctrl+C stops");
            try
            {
                await host.RunAsync(stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception error) when (error is ProjectionSourceFailedException or ProjectionPoisonedException)
            {
                Console.Error.WriteLine(error.Message);
                return 1;
            }

            Console.WriteLine("checkpoints: " + string.Join(", ", host.Checkpoints.OrderBy(p => p.Key).Select(p => $"shard {p.Key} at {p.Value}")));
        }

        return 0;
    case "demo":
        return await ReadModelDemo.RunAsync(dataSource, arguments, Console.Out, stop.Token);
    default:
        Console.WriteLine("schema ready");
        return 0;
}

// Answers that no resubscription can change (the SDK has already retried the others on every node): the
// host stops on them instead of retrying.
static bool IsPermanent(Exception error) => error is EntityPlatformException
{
    StatusCode: Grpc.Core.StatusCode.NotFound or Grpc.Core.StatusCode.InvalidArgument or Grpc.Core.StatusCode.OutOfRange
        or Grpc.Core.StatusCode.PermissionDenied or Grpc.Core.StatusCode.Unauthenticated or Grpc.Core.StatusCode.Unimplemented,
};
