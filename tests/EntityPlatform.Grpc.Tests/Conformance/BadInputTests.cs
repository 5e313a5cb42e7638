using System.Net;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Tests.Interop.V1;
using EntityPlatform.Grpc.Tests.Support;
using Google.Protobuf;
using Grpc.Core;

namespace EntityPlatform.Grpc.Tests.Conformance;

/// <summary>What a buggy or hostile peer can send to our server setup (GrpcServer on Grpc.AspNetCore): each gets a status, never a crash or a hang, and the server keeps serving.</summary>
public sealed class BadInputTests(ServerFixture server) : IClassFixture<ServerFixture>, IDisposable
{
    private const string EchoPath = "/interop.v1.InteropService/Echo";
    private const string SumPath = "/interop.v1.InteropService/Sum";
    private readonly RawGrpc _raw = new(server.Address);

    public void Dispose() => _raw.Dispose();

    [Fact]
    public async Task Non_grpc_content_type_gets_http_415()
    {
        var response = await _raw.SendAsync(EchoPath, RawGrpc.Frame(new EchoRequest()), contentType: "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.Equal("13", response.GrpcStatus);
        await AssertServerStillServes();
    }

    [Theory]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc; charset=utf-8")]
    public async Task Grpc_content_type_variants_are_accepted(string contentType)
    {
        var response = await _raw.SendAsync(EchoPath, RawGrpc.Frame(new EchoRequest { Text = "v" }), contentType);

        Assert.Equal("0", response.GrpcStatus);
        Assert.Equal("v", EchoReply.Parser.ParseFrom(response.Body.AsSpan(5)).Text);
    }

    [Fact]
    public async Task Unknown_method_gets_a_trailers_only_unimplemented()
    {
        var response = await _raw.SendAsync("/interop.v1.InteropService/Nope", RawGrpc.Frame(new EchoRequest()));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("12", response.Headers["grpc-status"]);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task Get_instead_of_post_gets_405()
    {
        var response = await _raw.SendAsync(EchoPath, [], method: HttpMethod.Get, contentType: null);

        Assert.NotEqual(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task Frame_truncated_by_end_of_stream_gets_internal()
    {
        var frame = RawGrpc.Frame(new byte[10], declaredLength: 100);

        var response = await _raw.SendAsync(EchoPath, frame);

        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains("Incomplete", response.GrpcMessage);
    }

    [Fact]
    public async Task Fewer_than_five_bytes_gets_internal()
    {
        var response = await _raw.SendAsync(EchoPath, [0, 0, 0]);

        Assert.Equal("13", response.GrpcStatus);
    }

    [Fact]
    public async Task Compressed_flag_without_negotiated_encoding_gets_internal()
    {
        var response = await _raw.SendAsync(EchoPath, RawGrpc.Frame(new EchoRequest { Text = "z" }, compressedFlag: 1));

        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains("compressed", response.GrpcMessage);
    }

    [Fact]
    public async Task Invalid_compressed_flag_value_gets_unknown_and_the_server_keeps_serving()
    {
        var response = await _raw.SendAsync(EchoPath, RawGrpc.Frame(new EchoRequest(), compressedFlag: 7));

        // Grpc.AspNetCore answers UNKNOWN here (the hand-written layer said INTERNAL); docs/grpc.md lists it.
        Assert.Equal("2", response.GrpcStatus);
        await AssertServerStillServes();
    }

    [Fact]
    public async Task Unsupported_grpc_encoding_gets_unimplemented_and_lists_what_is_accepted()
    {
        var response = await _raw.SendAsync(EchoPath, RawGrpc.Frame(new EchoRequest(), compressedFlag: 1), headers: [("grpc-encoding", "snappy")]);

        Assert.Equal("12", response.GrpcStatus);
        Assert.Contains("identity", response.Headers["grpc-accept-encoding"]);
        await AssertServerStillServes();
    }

    [Fact]
    public async Task Bytes_that_are_not_the_request_message_get_unknown_and_the_server_keeps_serving()
    {
        var response = await _raw.SendAsync(EchoPath, RawGrpc.Frame([0xFF, 0xFF, 0xFF, 0xFF]));

        // Grpc.AspNetCore answers UNKNOWN here (the hand-written layer said INTERNAL); docs/grpc.md lists it.
        Assert.Equal("2", response.GrpcStatus);
        await AssertServerStillServes();
    }

    [Fact]
    public async Task Unary_request_with_two_messages_gets_internal()
    {
        var one = RawGrpc.Frame(new EchoRequest { Text = "a" });

        var response = await _raw.SendAsync(EchoPath, [.. one, .. one]);

        Assert.Equal("13", response.GrpcStatus);
    }

    [Fact]
    public async Task Unary_request_with_no_message_gets_internal()
    {
        var response = await _raw.SendAsync(EchoPath, []);

        Assert.Equal("13", response.GrpcStatus);
    }

    [Fact]
    public async Task Declared_length_over_the_limit_gets_resource_exhausted_without_reading_the_payload()
    {
        var response = await _raw.SendAsync(EchoPath, RawGrpc.Frame([1, 2, 3], declaredLength: 1_000_000_000));

        Assert.Equal("8", response.GrpcStatus);
    }

    [Fact]
    public async Task Oversized_request_from_a_client_without_a_send_limit_gets_resource_exhausted_from_the_server()
    {
        using var channel = Channels.Create(server.Address, new ChannelSettings { MaxMessageBytes = 2 * ServerFixture.MaxReceiveMessageSizeBytes });
        var blob = ByteString.CopyFrom(new byte[ServerFixture.MaxReceiveMessageSizeBytes + 1]);

        var error = await Assert.ThrowsAsync<RpcException>(() => new Interop.V1.InteropService.InteropServiceClient(channel).EchoAsync(new EchoRequest { Blob = blob }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        await AssertServerStillServes();
    }

    [Fact]
    public async Task Oversized_message_in_a_client_stream_gets_resource_exhausted()
    {
        using var channel = Channels.Create(server.Address, new ChannelSettings { MaxMessageBytes = 2 * ServerFixture.MaxReceiveMessageSizeBytes });
        using var call = new Interop.V1.InteropService.InteropServiceClient(channel).Sum();
        await call.RequestStream.WriteAsync(new EchoRequest { Number = 1 });
        try
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Blob = ByteString.CopyFrom(new byte[ServerFixture.MaxReceiveMessageSizeBytes + 1]) });
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception failed) when (failed is RpcException or InvalidOperationException)
        {
            // The server may end the call before the write completes; the status is read below.
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Client_refuses_to_send_a_message_over_its_send_limit()
    {
        using var channel = Channels.Create(server.Address, new ChannelSettings { MaxMessageBytes = 100 });

        var error = await Assert.ThrowsAsync<RpcException>(() => new Interop.V1.InteropService.InteropServiceClient(channel).EchoAsync(new EchoRequest { Blob = ByteString.CopyFrom(new byte[200]) }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Expired_deadline_gets_deadline_exceeded_and_the_handler_sees_cancellation()
    {
        server.Service.ResetObservations();

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.EchoAsync(new EchoRequest { DelayMs = 10_000 }, deadline: DateTime.UtcNow.AddMilliseconds(200)).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal(EchoPath, await server.Service.CancellationObserved.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        await AssertServerStillServes();
    }

    [Fact]
    public async Task A_handler_bug_gets_internal_without_the_exception_text()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.EchoAsync(new EchoRequest { Text = "throw" }).ResponseAsync);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.DoesNotContain("secret", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(ErrorReasons.Internal, RichErrors.ReasonOf(error));
    }

    private async Task AssertServerStillServes()
    {
        var reply = await server.Client.EchoAsync(new EchoRequest { Text = "alive" });
        Assert.Equal("alive", reply.Text);
    }
}
