using System.Net;
using EntityPlatform.Grpc.Client;
using EntityPlatform.Grpc.Status;
using EntityPlatform.Grpc.Tests.Interop.V1;
using EntityPlatform.Grpc.Tests.Support;
using Google.Protobuf;

namespace EntityPlatform.Grpc.Tests.Conformance;

/// <summary>What a buggy or hostile peer can send: each gets a status and a message, never a crash or a hang.</summary>
public sealed class BadInputTests(ServerFixture server) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly RawGrpc _raw = new(server.Host.Address);

    public void Dispose() => _raw.Dispose();

    [Fact]
    public async Task Non_grpc_content_type_gets_http_415()
    {
        var response = await _raw.SendAsync(InteropApi.Echo.Path, RawGrpc.Frame(new EchoRequest()), contentType: "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.Equal("13", response.GrpcStatus);
        await AssertServerStillServes();
    }

    [Theory]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc; charset=utf-8")]
    public async Task Grpc_content_type_variants_are_accepted(string contentType)
    {
        var response = await _raw.SendAsync(InteropApi.Echo.Path, RawGrpc.Frame(new EchoRequest { Text = "v" }), contentType);

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
        var response = await _raw.SendAsync(InteropApi.Echo.Path, [], method: HttpMethod.Get, contentType: null);

        Assert.NotEqual(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task Frame_truncated_by_end_of_stream_gets_internal()
    {
        var frame = RawGrpc.Frame(new byte[10], declaredLength: 100);

        var response = await _raw.SendAsync(InteropApi.Echo.Path, frame);

        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains("Incomplete", response.GrpcMessage);
    }

    [Fact]
    public async Task Fewer_than_five_bytes_gets_internal()
    {
        var response = await _raw.SendAsync(InteropApi.Echo.Path, [0, 0, 0]);

        Assert.Equal("13", response.GrpcStatus);
    }

    [Fact]
    public async Task Compressed_flag_without_negotiated_encoding_gets_internal()
    {
        var response = await _raw.SendAsync(InteropApi.Echo.Path, RawGrpc.Frame(new EchoRequest { Text = "z" }, compressedFlag: 1));

        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains("compressed", response.GrpcMessage);
    }

    [Fact]
    public async Task Invalid_compressed_flag_value_gets_internal()
    {
        var response = await _raw.SendAsync(InteropApi.Echo.Path, RawGrpc.Frame(new EchoRequest(), compressedFlag: 7));

        Assert.Equal("13", response.GrpcStatus);
    }

    [Fact]
    public async Task Unsupported_grpc_encoding_gets_unimplemented_and_lists_what_is_accepted()
    {
        var response = await _raw.SendAsync(InteropApi.Echo.Path, RawGrpc.Frame(new EchoRequest(), compressedFlag: 1), headers: [("grpc-encoding", "gzip")]);

        Assert.Equal("12", response.GrpcStatus);
        Assert.Equal("identity", response.Headers["grpc-accept-encoding"]);
    }

    [Fact]
    public async Task Bytes_that_are_not_the_request_message_get_internal()
    {
        var response = await _raw.SendAsync(InteropApi.Echo.Path, RawGrpc.Frame([0xFF, 0xFF, 0xFF, 0xFF]));

        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains("deserialize", response.GrpcMessage);
    }

    [Fact]
    public async Task Unary_request_with_two_messages_gets_internal()
    {
        var one = RawGrpc.Frame(new EchoRequest { Text = "a" });

        var response = await _raw.SendAsync(InteropApi.Echo.Path, [.. one, .. one]);

        Assert.Equal("13", response.GrpcStatus);
    }

    [Fact]
    public async Task Unary_request_with_no_message_gets_internal()
    {
        var response = await _raw.SendAsync(InteropApi.Echo.Path, []);

        Assert.Equal("13", response.GrpcStatus);
    }

    [Fact]
    public async Task Declared_length_over_the_limit_gets_resource_exhausted_without_reading_the_payload()
    {
        var response = await _raw.SendAsync(InteropApi.Echo.Path, RawGrpc.Frame([1, 2, 3], declaredLength: 1_000_000_000));

        Assert.Equal("8", response.GrpcStatus);
    }

    [Fact]
    public async Task Oversized_request_from_our_client_gets_resource_exhausted_from_the_server()
    {
        var blob = ByteString.CopyFrom(new byte[ServerFixture.MaxReceiveMessageSizeBytes + 1]);

        var error = await Assert.ThrowsAsync<GrpcCallException>(() => server.Channel.UnaryAsync(InteropApi.Echo, new EchoRequest { Blob = blob }));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Oversized_message_in_a_client_stream_gets_resource_exhausted()
    {
        using var call = server.Channel.ClientStreaming(InteropApi.Sum);
        await call.RequestStream.WriteAsync(new EchoRequest { Number = 1 });
        try
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Blob = ByteString.CopyFrom(new byte[ServerFixture.MaxReceiveMessageSizeBytes + 1]) });
            await call.RequestStream.CompleteAsync();
        }
        catch (GrpcCallException)
        {
            // The server may end the call before the write completes; the status is read below.
        }

        var error = await Assert.ThrowsAsync<GrpcCallException>(() => call.ResponseAsync());

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Client_refuses_a_response_over_its_receive_limit()
    {
        using var channel = new GrpcChannel(server.Host.Address, new GrpcChannelOptions { MaxReceiveMessageSizeBytes = 1024 });

        var error = await Assert.ThrowsAsync<GrpcCallException>(() => channel.UnaryAsync(InteropApi.Echo, new EchoRequest { Blob = ByteString.CopyFrom(new byte[4096]) }));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        await AssertServerStillServes(channel);
    }

    [Fact]
    public async Task Client_refuses_to_send_a_message_over_its_send_limit()
    {
        using var channel = new GrpcChannel(server.Host.Address, new GrpcChannelOptions { MaxSendMessageSizeBytes = 100 });

        var error = await Assert.ThrowsAsync<GrpcCallException>(() => channel.UnaryAsync(InteropApi.Echo, new EchoRequest { Blob = ByteString.CopyFrom(new byte[200]) }));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    private async Task AssertServerStillServes(GrpcChannel? channel = null)
    {
        var reply = await (channel ?? server.Channel).UnaryAsync(InteropApi.Echo, new EchoRequest { Text = "alive" });
        Assert.Equal("alive", reply.Text);
    }
}
