using EntityPlatform.Grpc.Client;
using EntityPlatform.Grpc.Metadata;
using EntityPlatform.Grpc.Status;
using EntityPlatform.Grpc.Streams;
using EntityPlatform.Grpc.Tests.Interop.V1;
using EntityPlatform.Grpc.Tests.Support;

namespace EntityPlatform.Grpc.Tests.Conformance;

public sealed class StreamingCallTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Server_streaming_delivers_every_message_in_order_then_ok()
    {
        using var call = server.Channel.ServerStreaming(InteropApi.Count, new CountRequest { Count = 20 },
            new CallOptions { Headers = new GrpcMetadata().Add("x-echo", "s") });

        var numbers = new List<long>();
        await foreach (var reply in call.ResponseStream.ReadAllAsync())
        {
            numbers.Add(reply.Number);
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), numbers);
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
        Assert.Equal("s", (await call.ResponseHeadersAsync()).Get("x-echo-header"));
        Assert.Equal("s", call.GetTrailers().Get("x-echo-trailer"));
    }

    [Fact]
    public async Task Server_streaming_with_no_messages_ends_ok()
    {
        using var call = server.Channel.ServerStreaming(InteropApi.Count, new CountRequest { Count = 0 });

        Assert.False(await call.ResponseStream.MoveNextAsync());
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task Server_streaming_error_after_messages_delivers_the_messages_then_the_status()
    {
        using var call = server.Channel.ServerStreaming(InteropApi.Count,
            new CountRequest { Count = 3, FailCodeAtEnd = (uint)StatusCode.Aborted, FailMessage = "stopped" });

        var received = 0;
        var error = await Assert.ThrowsAsync<GrpcCallException>(async () =>
        {
            while (await call.ResponseStream.MoveNextAsync())
            {
                received++;
            }
        });

        Assert.Equal(3, received);
        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Equal("stopped", error.Detail);
    }

    [Fact]
    public async Task Client_streaming_receives_every_request_and_returns_one_response()
    {
        using var call = server.Channel.ClientStreaming(InteropApi.Sum);
        for (var i = 1; i <= 100; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Number = i, Text = i % 10 == 0 ? "x" : "" });
        }
        await call.RequestStream.CompleteAsync();

        var reply = await call.ResponseAsync();

        Assert.Equal(5050, reply.Total);
        Assert.Equal(100u, reply.Count);
        Assert.Equal("xxxxxxxxxx", reply.Texts);
    }

    [Fact]
    public async Task Client_streaming_with_no_requests_returns_empty_sum()
    {
        using var call = server.Channel.ClientStreaming(InteropApi.Sum);
        await call.RequestStream.CompleteAsync();

        var reply = await call.ResponseAsync();

        Assert.Equal(0u, reply.Count);
    }

    [Fact]
    public async Task Duplex_streaming_answers_each_request_before_the_next_is_sent()
    {
        using var call = server.Channel.DuplexStreaming(InteropApi.Chat);
        for (var i = 0; i < 10; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = $"ping{i}", Number = i });
            Assert.True(await call.ResponseStream.MoveNextAsync());
            Assert.Equal($"ping{i}", call.ResponseStream.Current.Text);
        }
        await call.RequestStream.CompleteAsync();

        Assert.False(await call.ResponseStream.MoveNextAsync());
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task Duplex_error_status_from_handler_reaches_the_reader()
    {
        using var call = server.Channel.DuplexStreaming(InteropApi.Chat);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "a" });
        Assert.True(await call.ResponseStream.MoveNextAsync());
        await call.RequestStream.WriteAsync(new EchoRequest { FailCode = (uint)StatusCode.PermissionDenied, FailMessage = "no" });

        var error = await Assert.ThrowsAsync<GrpcCallException>(async () => await call.ResponseStream.MoveNextAsync());

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task Cancelling_a_duplex_call_cancels_the_server_handler()
    {
        server.Service.ResetObservations();
        using var cancel = new CancellationTokenSource();
        using var call = server.Channel.DuplexStreaming(InteropApi.Chat, new CallOptions { CancellationToken = cancel.Token });
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "a" });
        Assert.True(await call.ResponseStream.MoveNextAsync());

        cancel.Cancel();

        var error = await Assert.ThrowsAsync<GrpcCallException>(async () => await call.ResponseStream.MoveNextAsync());
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(InteropApi.Chat.Path, await server.Service.CancellationObserved.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task Disposing_an_unfinished_call_resets_it_and_cancels_the_server_handler()
    {
        server.Service.ResetObservations();
        var call = server.Channel.DuplexStreaming(InteropApi.Chat);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "a" });
        Assert.True(await call.ResponseStream.MoveNextAsync());

        call.Dispose();

        Assert.Equal(InteropApi.Chat.Path, await server.Service.CancellationObserved.Task.WaitAsync(Patience));
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().Code);
    }

    [Fact]
    public async Task Cancelling_a_unary_call_cancels_the_server_handler()
    {
        server.Service.ResetObservations();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<GrpcCallException>(() => server.Channel.UnaryAsync(
            InteropApi.Echo, new EchoRequest { DelayMs = 20_000 }, new CallOptions { CancellationToken = cancel.Token }));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(InteropApi.Echo.Path, await server.Service.CancellationObserved.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task Duplex_call_that_reads_before_writing_gets_its_answer_at_once()
    {
        // Regression: the request HEADERS must be flushed without waiting for a first request message,
        // or this waited ~30 s for the next keep-alive ping.
        var missing = InteropApi.Service.DuplexStreaming(EchoRequest.Parser, EchoReply.Parser, "NoSuchStream");
        using var call = server.Channel.DuplexStreaming(missing);

        var error = await Assert.ThrowsAsync<GrpcCallException>(async () => await call.ResponseStream.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }
}
