using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Hosting;

/// <summary>
/// The entry point an entity author's node binary calls:
/// <code>return await NodeProgram.RunAsync(args, types => types.AddEntityType&lt;Account&gt;("accounts"));</code>
/// Verbs: <c>run</c> (one node) and <c>local up|down|status|demo</c> (the local cluster, no Kubernetes).
/// </summary>
public static class NodeProgram
{
    public static async Task<int> RunAsync(string[] args, Action<EntityTypeRegistry> registerTypes)
    {
        var types = new EntityTypeRegistry();
        registerTypes(types);
        try
        {
            return args.FirstOrDefault() switch
            {
                "run" => await RunNodeAsync(NodeOptions.Parse(args[1..]), types),
                "local" => await LocalMode.LocalCommand.RunAsync(args[1..]),
                _ => Usage(),
            };
        }
        catch (ArgumentException error)
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}");
            return 2;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("""
            usage:
              run --node-id N --data DIR --cluster FILE --grpc-port P --internal-port I --http-port H [--bind IP] [--rejoin]
                                                                            run one node
              local up [--nodes 3] [--file crds/samples/accounts.yaml ...]              start a local cluster
              local status | local down                                                 inspect or stop it
              local demo [--nodes 3]                                                    the failover demo
            """);
        return 2;
    }

    private static async Task<int> RunNodeAsync(NodeOptions options, EntityTypeRegistry types)
    {
        using var logging = LoggerFactory.Create(builder => builder
            .AddSimpleConsole(console => console.SingleLine = true)
            .SetMinimumLevel(LogLevel.Information));
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        await using var host = await NodeHost.StartAsync(options, types, logging);
        logging.CreateLogger("node").LogInformation("node {NodeId} serving the client API on {Bind}:{GrpcPort}, peers and admin on {InternalPort}, HTTP on {HttpPort}",
            options.NodeId, options.BindAddress, options.GrpcPort, options.InternalPort, options.HttpPort);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        return host.Scheduler.Failure is null ? 0 : 1;
    }
}
