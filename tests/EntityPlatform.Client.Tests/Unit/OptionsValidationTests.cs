using EntityPlatform.Client.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EntityPlatform.Client.Tests.Unit;

/// <summary>Every bad option is refused with a message naming it; DI validates when the host starts.</summary>
public sealed class OptionsValidationTests
{
    public static TheoryData<string, Action<EntityPlatformClientOptions>> BadOptions => new()
    {
        { "Endpoints is empty and ServiceAddress is not set", options => options.Endpoints.Clear() },
        { "Endpoints[0] is 'ftp://x/'", options => options.Endpoints[0] = new Uri("ftp://x") },
        { "ServiceAddress is 'http://x/api'", options => options.ServiceAddress = new Uri("http://x/api") },
        { "AttemptTimeout is 00:00:00", options => options.AttemptTimeout = TimeSpan.Zero },
        { "DefaultTimeout is -00:00:01", options => options.DefaultTimeout = TimeSpan.FromSeconds(-1) },
        { "MaxAttempts is 0", options => options.MaxAttempts = 0 },
        { "BackoffMax is 00:00:00.0010000", options => options.BackoffMax = TimeSpan.FromMilliseconds(1) },
        { "BreakerFailureRatio is 1.5", options => options.BreakerFailureRatio = 1.5 },
        { "BreakerMinimumThroughput is 1", options => options.BreakerMinimumThroughput = 1 },
        { "BreakerBreakDuration is 00:00:00.1000000", options => options.BreakerBreakDuration = TimeSpan.FromMilliseconds(100) },
        { "MaxConcurrentCommands is 0", options => options.MaxConcurrentCommands = 0 },
        { "Serializer is null", options => options.Serializer = null! },
        { "MaxHedgesPerAttempt is -1", options => options.MaxHedgesPerAttempt = -1 },
        { "MaxHedgesInFlight is 0", options => options.MaxHedgesInFlight = 0 },
        { "TopologyWatchNodes is 17", options => options.TopologyWatchNodes = 17 },
        { "HedgeLatencyMultiplier is 0.5", options => options.HedgeLatencyMultiplier = 0.5 },
        { "HedgeDelayMin is 00:00:00", options => options.HedgeDelayMin = TimeSpan.Zero },
        { "HedgeDelayMax is 00:00:00.0050000", options => options.HedgeDelayMax = TimeSpan.FromMilliseconds(5) },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Each_bad_option_is_named(string expected, Action<EntityPlatformClientOptions> breakIt)
    {
        var options = Valid();
        breakIt(options);

        var errors = EntityPlatformClientOptionsValidator.Check(options);
        var thrown = Assert.Throws<ArgumentException>(() => new EntityPlatformClient(options));

        Assert.Single(errors);
        Assert.StartsWith(expected, errors[0]);
        Assert.Contains(expected, thrown.Message);
    }

    [Fact]
    public async Task The_host_refuses_to_start_with_a_bad_option()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddEntityPlatformClient(options => options.MaxAttempts = 0);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Endpoints is empty", error.Message);
        Assert.Contains("MaxAttempts is 0", error.Message);
    }

    [Fact]
    public async Task The_host_provides_one_client_with_the_configured_options()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddEntityPlatformClient(options => options.ServiceAddress = new Uri("http://entityplatform.default.svc:7100"));
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<EntityPlatformClient>();

        Assert.Same(client, host.Services.GetRequiredService<EntityPlatformClient>());
        Assert.NotEqual(Guid.Empty, client.SessionId);
        await host.StopAsync();
    }

    private static EntityPlatformClientOptions Valid() => new()
    {
        Endpoints = [new Uri("http://127.0.0.1:7101")],
        TopologyRefreshInterval = TimeSpan.Zero,
    };
}
