using EntityPlatform.Node.Hosting;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Tests.Hosting;

/// <summary>
/// Issue 14: on Grpc.AspNetCore the node logged four Information lines per call (hosting diagnostics and
/// endpoint routing), which is the node's CPU, not the call's. Per-request categories log from Warning.
/// </summary>
public sealed class NodeLoggingTests
{
    [Theory]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics")]
    [InlineData("Microsoft.AspNetCore.Routing.EndpointMiddleware")]
    [InlineData("Grpc.AspNetCore.Server.ServerCallHandler")]
    public void Per_request_categories_do_not_log_information_but_do_log_warnings(string category)
    {
        using var logging = NodeLogging.Create();
        var logger = logging.CreateLogger(category);

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Theory]
    [InlineData("EntityPlatform.Node.Scheduler.MultiRaftScheduler")]
    [InlineData("Microsoft.Hosting.Lifetime")]
    [InlineData("node")]
    public void The_nodes_own_categories_and_start_up_lines_log_information(string category)
    {
        using var logging = NodeLogging.Create();

        Assert.True(logging.CreateLogger(category).IsEnabled(LogLevel.Information));
    }
}
