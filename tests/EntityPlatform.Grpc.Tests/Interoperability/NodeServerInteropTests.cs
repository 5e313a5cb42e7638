using EntityPlatform.Grpc.Client;
using EntityPlatform.Grpc.Metadata;
using EntityPlatform.Grpc.Status;
using EntityPlatform.Grpc.Streams;
using EntityPlatform.Grpc.Tests.Interop.V1;
using EntityPlatform.Grpc.Tests.Support;

namespace EntityPlatform.Grpc.Tests.Interoperability;

/// <summary>OUR client calls a real grpc-js server through every call kind.</summary>
public sealed class NodeServerInteropTests(NodeServerFixture node) : IClassFixture<NodeServerFixture>
{
    private const string NonAscii = "Zustand ungültig: ✓ 100% — 名前";

    [Fact]
    public async Task Unary_call_with_metadata_round_trips()
    {
        var headers = new GrpcMetadata().Add("x-echo", "to-node").Add("x-echo-bin", new byte[] { 9, 0, 255 });

        var response = await node.Channel.UnaryWithMetadataAsync(InteropApi.Echo, new EchoRequest { Text = "hi", Number = 5 }, new CallOptions { Headers = headers });

        Assert.Equal("hi", response.Message.Text);
        Assert.Equal(5, response.Message.Number);
        Assert.Equal("to-node", response.Message.MetadataEcho);
        Assert.Equal("to-node", response.Headers.Get("x-echo-header"));
        Assert.Equal("to-node", response.Trailers.Get("x-echo-trailer"));
        Assert.Equal(new byte[] { 9, 0, 255 }, response.Trailers.GetBytes("x-echo-bin"));
    }

    [Fact]
    public async Task Error_status_with_non_ascii_message_is_decoded()
    {
        var error = await Assert.ThrowsAsync<GrpcCallException>(() => node.Channel.UnaryAsync(
            InteropApi.Echo, new EchoRequest { FailCode = (uint)StatusCode.FailedPrecondition, FailMessage = NonAscii }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(NonAscii, error.Detail);
    }

    [Fact]
    public async Task Deadline_expires_with_deadline_exceeded()
    {
        var error = await Assert.ThrowsAsync<GrpcCallException>(() => node.Channel.UnaryAsync(
            InteropApi.Echo, new EchoRequest { DelayMs = 10_000 }, new CallOptions { Timeout = TimeSpan.FromMilliseconds(300) }));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task Unimplemented_method_reports_unimplemented()
    {
        var error = await Assert.ThrowsAsync<GrpcCallException>(() => node.Channel.UnaryAsync(InteropApi.NotImplemented, new EchoRequest()));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Server_streaming_delivers_all_messages_then_ok()
    {
        using var call = node.Channel.ServerStreaming(InteropApi.Count, new CountRequest { Count = 5 });

        var numbers = new List<long>();
        await foreach (var reply in call.ResponseStream.ReadAllAsync())
        {
            numbers.Add(reply.Number);
        }

        Assert.Equal([0, 1, 2, 3, 4], numbers);
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task Server_streaming_error_after_messages_is_reported()
    {
        using var call = node.Channel.ServerStreaming(InteropApi.Count, new CountRequest { Count = 2, FailCodeAtEnd = (uint)StatusCode.Aborted, FailMessage = "stop ✋" });

        var received = 0;
        var error = await Assert.ThrowsAsync<GrpcCallException>(async () =>
        {
            while (await call.ResponseStream.MoveNextAsync())
            {
                received++;
            }
        });

        Assert.Equal(2, received);
        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Equal("stop ✋", error.Detail);
    }

    [Fact]
    public async Task Server_streaming_deadline_expires_mid_stream()
    {
        using var call = node.Channel.ServerStreaming(InteropApi.Count, new CountRequest { Count = 1000, IntervalMs = 50 },
            new CallOptions { Timeout = TimeSpan.FromMilliseconds(500) });

        var received = 0;
        var error = await Assert.ThrowsAsync<GrpcCallException>(async () =>
        {
            while (await call.ResponseStream.MoveNextAsync())
            {
                received++;
            }
        });

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange(received, 1, 999);
    }

    [Fact]
    public async Task Client_streaming_sums_all_requests()
    {
        using var call = node.Channel.ClientStreaming(InteropApi.Sum);
        for (var i = 1; i <= 10; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Number = i, Text = "a" });
        }
        await call.RequestStream.CompleteAsync();

        var reply = await call.ResponseAsync();

        Assert.Equal(55, reply.Total);
        Assert.Equal("aaaaaaaaaa", reply.Texts);
    }

    [Fact]
    public async Task Duplex_streaming_echoes_each_request_with_metadata()
    {
        using var call = node.Channel.DuplexStreaming(InteropApi.Chat, new CallOptions { Headers = new GrpcMetadata().Add("x-echo", "duplex") });
        for (var i = 0; i < 5; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = $"m{i}" });
            Assert.True(await call.ResponseStream.MoveNextAsync());
            Assert.Equal($"m{i}", call.ResponseStream.Current.Text);
            Assert.Equal("duplex", call.ResponseStream.Current.MetadataEcho);
        }
        await call.RequestStream.CompleteAsync();

        Assert.False(await call.ResponseStream.MoveNextAsync());
        Assert.Equal("duplex", call.GetTrailers().Get("x-echo-trailer"));
    }
}
