using EntityPlatform.Grpc.Tests.Interop.V1;
using Grpc.Core;

namespace EntityPlatform.Grpc.Tests.Interoperability;

/// <summary>OUR client (Grpc.Net.Client with our channel settings) calls a real grpc-js server through every call kind.</summary>
public sealed class NodeServerInteropTests(NodeServerFixture node) : IClassFixture<NodeServerFixture>
{
    private const string NonAscii = "Zustand ungültig: ✓ 100% — 名前";

    private InteropService.InteropServiceClient Client => new(node.Channel);

    [Fact]
    public async Task Unary_call_with_metadata_round_trips()
    {
        var headers = new Metadata { { "x-echo", "to-node" }, { "x-echo-bin", new byte[] { 9, 0, 255 } } };

        using var call = Client.EchoAsync(new EchoRequest { Text = "hi", Number = 5 }, headers);
        var response = await call.ResponseAsync;

        Assert.Equal("hi", response.Text);
        Assert.Equal(5, response.Number);
        Assert.Equal("to-node", response.MetadataEcho);
        Assert.Equal("to-node", (await call.ResponseHeadersAsync).GetValue("x-echo-header"));
        Assert.Equal("to-node", call.GetTrailers().GetValue("x-echo-trailer"));
        Assert.Equal(new byte[] { 9, 0, 255 }, call.GetTrailers().GetValueBytes("x-echo-bin"));
    }

    [Fact]
    public async Task Error_status_with_non_ascii_message_is_decoded()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.EchoAsync(
            new EchoRequest { FailCode = (uint)StatusCode.FailedPrecondition, FailMessage = NonAscii }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(NonAscii, error.Status.Detail);
    }

    [Fact]
    public async Task Deadline_expires_with_deadline_exceeded()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.EchoAsync(
            new EchoRequest { DelayMs = 10_000 }, deadline: DateTime.UtcNow.AddMilliseconds(300)).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task Unimplemented_method_reports_unimplemented()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.NotImplementedAsync(new EchoRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Server_streaming_error_after_messages_is_reported()
    {
        using var call = Client.Count(new CountRequest { Count = 2, FailCodeAtEnd = (uint)StatusCode.Aborted, FailMessage = "stop ✋" });

        var received = 0;
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                received++;
            }
        });

        Assert.Equal(2, received);
        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Equal("stop ✋", error.Status.Detail);
    }

    [Fact]
    public async Task Client_streaming_sums_all_requests()
    {
        using var call = Client.Sum();
        for (var i = 1; i <= 10; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Number = i, Text = "a" });
        }

        await call.RequestStream.CompleteAsync();
        var reply = await call.ResponseAsync;

        Assert.Equal(55, reply.Total);
        Assert.Equal("aaaaaaaaaa", reply.Texts);
    }

    [Fact]
    public async Task Duplex_streaming_echoes_each_request_with_metadata()
    {
        using var call = Client.Chat(new Metadata { { "x-echo", "duplex" } });
        for (var i = 0; i < 5; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = $"m{i}" });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal($"m{i}", call.ResponseStream.Current.Text);
            Assert.Equal("duplex", call.ResponseStream.Current.MetadataEcho);
        }

        await call.RequestStream.CompleteAsync();

        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal("duplex", call.GetTrailers().GetValue("x-echo-trailer"));
    }
}
