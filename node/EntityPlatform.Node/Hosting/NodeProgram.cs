using System.Diagnostics;
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
              run --node-id N --data DIR --cluster FILE --grpc-port P --internal-port I --http-port H [--bind IP] [--rejoin | --auto-rejoin]
                                                                            run one node
              local up [--nodes 3] [--file crds/samples/accounts.yaml ...]              start a local cluster
              local status | local down                                                 inspect or stop it
              local restart --node N                          restart a stopped node (rejoining if its data was lost)
              local demo [--nodes 3]                                                    the failover demo
            """);
        return 2;
    }

    private static async Task<int> RunNodeAsync(NodeOptions options, EntityTypeRegistry types)
    {
        using var logging = NodeLogging.Create();
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
        var host = await NodeHost.StartAsync(options, types, logging);
        var log = logging.CreateLogger("node");
        log.LogInformation("node {NodeId} serving the client API on {Bind}:{GrpcPort}, peers and admin on {InternalPort}, HTTP on {HttpPort}",
            options.NodeId, options.BindAddress, options.GrpcPort, options.InternalPort, options.HttpPort);
        if (await UntilStoppedOrUnhealthyAsync(host, stop.Token) is { } reason)
        {
            // Fail fast: a node whose loop is dead or stuck serves nothing, yet would keep its connections and
            // leases looking alive. Exiting lets the supervisor (kubelet, local mode) restart it, and its peers
            // see it gone. No graceful drain: it would wait on the very loop that is stuck.
            log.LogCritical("node {NodeId} is exiting with code {Code}: {Reason}", options.NodeId, UnhealthyExitCode, reason);
            logging.Dispose();
            Environment.Exit(UnhealthyExitCode);
        }

        await host.DisposeAsync();
        return 0;
    }

    /// <summary>The exit code of a node that ended itself because its loop died or stalled (EX_SOFTWARE).</summary>
    public const int UnhealthyExitCode = 70;

    private static readonly TimeSpan HealthCheckInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits for SIGTERM/SIGINT (returns null) or for the node to turn unhealthy (returns why).</summary>
    private static async Task<string?> UntilStoppedOrUnhealthyAsync(NodeHost host, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(HealthCheckInterval);
        var failed = host.Scheduler.Failed;
        var lastCheck = Stopwatch.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            if (failed.IsCompleted)
            {
                return $"raft loop failed: {failed.Result.Message}";
            }

            // After a pause of the whole process (SIGSTOP, a VM freeze) the loop looks silent only because
            // nothing ran: judge a stall only when this check itself ran on time.
            var now = Stopwatch.GetTimestamp();
            var ranOnTime = Stopwatch.GetElapsedTime(lastCheck, now) < HealthCheckInterval * 4;
            lastCheck = now;
            if (ranOnTime && host.Unhealthy() is { } reason)
            {
                return reason;
            }

            try
            {
                await Task.WhenAny(timer.WaitForNextTickAsync(stop).AsTask(), failed);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return null;
    }
}
