using System.Diagnostics;
using EntityPlatform.Grpc.Client;
using EntityPlatform.Grpc.Status;
using EntityPlatform.Grpc.Tests.Interop.V1;
using EntityPlatform.Grpc.Tests.Support;

namespace EntityPlatform.Grpc.Tests.Conformance;

public sealed class DeadlineTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Unary_deadline_expires_with_deadline_exceeded_and_the_handler_sees_cancellation()
    {
        server.Service.ResetObservations();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<GrpcCallException>(() => server.Channel.UnaryAsync(
            InteropApi.Echo, new EchoRequest { DelayMs = 20_000 }, new CallOptions { Timeout = TimeSpan.FromMilliseconds(300) }));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Equal(InteropApi.Echo.Path, await server.Service.CancellationObserved.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task Call_that_finishes_within_its_deadline_succeeds()
    {
        var reply = await server.Channel.UnaryAsync(InteropApi.Echo, new EchoRequest { Text = "quick", DelayMs = 10 },
            new CallOptions { Timeout = TimeSpan.FromSeconds(10) });

        Assert.Equal("quick", reply.Text);
    }

    [Fact]
    public async Task Server_streaming_deadline_expires_mid_stream_after_some_messages()
    {
        using var call = server.Channel.ServerStreaming(InteropApi.Count, new CountRequest { Count = 1000, IntervalMs = 50 },
            new CallOptions { Timeout = TimeSpan.FromMilliseconds(600) });

        var received = 0;
        var error = await Assert.ThrowsAsync<GrpcCallException>(async () =>
        {
            while (await call.ResponseStream.MoveNextAsync())
            {
                received++;
            }
        });

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange(received, 2, 999);
    }

    [Fact]
    public async Task Client_streaming_deadline_expires_while_the_client_is_still_writing()
    {
        using var call = server.Channel.ClientStreaming(InteropApi.Sum, new CallOptions { Timeout = TimeSpan.FromMilliseconds(400) });

        var error = await Assert.ThrowsAsync<GrpcCallException>(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                await call.RequestStream.WriteAsync(new EchoRequest { Number = i });
                await Task.Delay(20);
            }
        });

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task Server_enforces_grpc_timeout_even_when_the_handler_ignores_cancellation()
    {
        // A raw client with no deadline of its own: only the server's enforcement can end this call.
        server.Service.IgnoreCancellation = true;
        try
        {
            using var raw = new RawGrpc(server.Host.Address);
            var clock = Stopwatch.StartNew();

            var response = await raw.SendAsync(InteropApi.Echo.Path, RawGrpc.Frame(new EchoRequest { DelayMs = 3_000 }), headers: [("grpc-timeout", "200m")]);

            Assert.Equal("4", response.GrpcStatus);
            Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(2_500), $"took {clock.Elapsed}");
        }
        finally
        {
            server.Service.IgnoreCancellation = false;
        }
    }

    [Fact]
    public async Task Server_side_deadline_ends_a_stream_mid_way_with_messages_then_deadline_exceeded()
    {
        using var raw = new RawGrpc(server.Host.Address);

        var response = await raw.SendAsync(InteropApi.Count.Path, RawGrpc.Frame(new CountRequest { Count = 1000, IntervalMs = 50 }),
            headers: [("grpc-timeout", "500000u")]);

        Assert.Equal("4", response.GrpcStatus);
        Assert.True(response.Body.Length > 0, "expected some messages before the deadline");
    }

    [Fact]
    public async Task Zero_timeout_fails_at_once_without_a_round_trip()
    {
        var error = await Assert.ThrowsAsync<GrpcCallException>(() => server.Channel.UnaryAsync(
            InteropApi.Echo, new EchoRequest(), new CallOptions { Timeout = TimeSpan.Zero }));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task Expired_grpc_timeout_on_arrival_is_answered_with_deadline_exceeded()
    {
        using var raw = new RawGrpc(server.Host.Address);

        var response = await raw.SendAsync(InteropApi.Echo.Path, RawGrpc.Frame(new EchoRequest { DelayMs = 1000 }), headers: [("grpc-timeout", "0n")]);

        Assert.Equal("4", response.GrpcStatus);
    }

    [Fact]
    public async Task Malformed_grpc_timeout_is_rejected_with_internal()
    {
        using var raw = new RawGrpc(server.Host.Address);

        var response = await raw.SendAsync(InteropApi.Echo.Path, RawGrpc.Frame(new EchoRequest()), headers: [("grpc-timeout", "123456789S")]);

        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains("grpc-timeout", response.GrpcMessage);
    }
}
