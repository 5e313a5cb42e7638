using EntityPlatform.Contracts.Wire;

namespace EntityPlatform.Grpc.Tests.Wire;

/// <summary>
/// Issue 14, the benchmark's profile: channels wrapped their SocketsHttpHandler to stay off Grpc.Net.Client's
/// client-side load balancing, but the library looks through DelegatingHandlers, so every connection still
/// went through the subchannel transport's stream wrapper. Balancing is now switched off on the handler.
/// </summary>
public sealed class ChannelFactoryTests
{
    [Fact]
    public void A_channel_is_off_the_load_balancing_path()
    {
        using var channel = Channels.Create(new Uri("http://127.0.0.1:1/"));

        // Grpc.Net.Client offers connectivity state only on its load-balancing path; off it, State refuses.
        var error = Assert.Throws<InvalidOperationException>(() => { _ = channel.State; });
        Assert.Contains("load balancing", error.Message, StringComparison.Ordinal);
    }
}
