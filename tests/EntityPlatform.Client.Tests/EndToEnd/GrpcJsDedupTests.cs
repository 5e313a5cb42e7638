using System.Diagnostics;
using EntityPlatform.Client.Tests.Cluster;
using EntityPlatform.Samples.Counter;

namespace EntityPlatform.Client.Tests.EndToEnd;

/// <summary>Exactly-once retries are a property of the protocol, not of the C# SDK: a grpc-js client gets them too.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class GrpcJsDedupTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task A_grpc_js_client_sending_one_request_id_twice_gets_one_application()
    {
        var root = TestPaths.RepositoryRoot;
        var script = Path.Combine(root, "tests", "EntityPlatform.Client.Tests", "interop", "dedup.js");
        var modules = Path.Combine(root, "tests", "EntityPlatform.Grpc.Tests", "interop", "node_modules", "@grpc", "grpc-js");
        Assert.True(Directory.Exists(modules), $"@grpc/grpc-js is not installed in {modules}; run scripts/setup/grpc-interop.sh");
        var counterId = $"js-{Guid.NewGuid():N}";

        var (exitCode, text) = await RunNodeAsync(script, fixture.Cluster.Nodes[0].GrpcPort.ToString(), counterId);

        Assert.True(exitCode == 0 && text.Contains("ALL PASSED"), $"node dedup.js exited {exitCode}:\n{text}");
        using var client = fixture.NewClient();
        Assert.Equal(1, await client.Entity(new Counter(), "counter", counterId).QueryAsync<long>("value"));
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node (Node.js); is it installed?");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException("node dedup.js did not finish within 30 s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
