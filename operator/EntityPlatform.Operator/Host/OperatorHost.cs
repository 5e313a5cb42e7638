using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Config;
using EntityPlatform.Operator.Builders;
using EntityPlatform.Operator.Controller;
using EntityPlatform.Operator.Election;
using EntityPlatform.Operator.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Operator.Host;

/// <summary>
/// The process: /healthz and /readyz on the health port, /metrics on the metrics port, and the
/// controller, which runs only while this replica holds the Lease (or always, with --leader-elect=false).
/// SIGTERM stops it; the Lease is released so a standby takes over at once.
/// </summary>
public static class OperatorHost
{
    public static async Task<int> RunAsync(OperatorArguments arguments, string identity)
    {
        var config = InClusterConfigLoader.IsInCluster()
            ? InClusterConfigLoader.Load()
            : KubeconfigLoader.Load(arguments.Kubeconfig ?? KubeconfigLoader.DefaultPath());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(arguments.LogLevel switch
        {
            "trace" => LogLevel.Trace, "debug" => LogLevel.Debug, "warning" => LogLevel.Warning, "error" => LogLevel.Error, _ => LogLevel.Information,
        });
        builder.WebHost.UseUrls($"http://0.0.0.0:{arguments.HealthPort}", $"http://0.0.0.0:{arguments.MetricsPort}");
        await using var app = builder.Build();
        var logs = app.Services.GetRequiredService<ILoggerFactory>();
        var time = TimeProvider.System;
        using var client = new KubernetesClient(config, time: time);
        using var admin = new GrpcNodeAdmin(TimeSpan.FromSeconds(3));
        var metrics = new OperatorMetrics();
        var zones = new Reconcile.NodeZones(client);
        var reconciler = OperatorComponents.Reconciler(client, admin, new DnsNodeAddresses(), time, identity, zones);
        var controller = new OperatorController(client, reconciler, new ControllerOptions { WatchNamespace = arguments.WatchNamespace }, metrics, time, logs, zones);
        var elector = arguments.LeaderElect ? new LeaderElector(client, arguments.Election(identity), time, logs.CreateLogger<LeaderElector>()) : null;
        metrics.IsLeader = () => elector?.IsLeader ?? true;

        app.MapGet("/healthz", () => Results.Text("ok")).RequireHost($"*:{arguments.HealthPort}");
        // A standby is ready (it serves its purpose by waiting); a leader once its informers have listed.
        app.MapGet("/readyz", () => !metrics.IsLeader() || controller.Synced ? Results.Text("ok") : Results.Text("informers not synced", statusCode: 503))
            .RequireHost($"*:{arguments.HealthPort}");
        app.MapGet("/metrics", () => Results.Text(metrics.Render(), "text/plain; version=0.0.4")).RequireHost($"*:{arguments.MetricsPort}");

        await app.StartAsync().ConfigureAwait(false);
        var stopping = app.Lifetime.ApplicationStopping;
        try
        {
            await (elector is null ? controller.RunAsync(stopping) : elector.RunAsync(controller.RunAsync, stopping)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // SIGTERM.
        }

        await app.StopAsync().ConfigureAwait(false);
        return 0;
    }
}
