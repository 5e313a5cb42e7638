using System.Text;
using EntityPlatform.Grpc.Client;
using EntityPlatform.Grpc.Metadata;
using EntityPlatform.Grpc.Status;
using EntityPlatform.Grpc.Tests.Interop.V1;
using EntityPlatform.Grpc.Tests.Support;
using Google.Protobuf;

namespace EntityPlatform.Grpc.Tests.Conformance;

public sealed class UnaryCallTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Unary_call_returns_the_handlers_response()
    {
        var reply = await server.Channel.UnaryAsync(InteropApi.Echo, new EchoRequest { Text = "hello", Number = 42, Blob = ByteString.CopyFrom(1, 2, 3) });

        Assert.Equal("hello", reply.Text);
        Assert.Equal(42, reply.Number);
        Assert.Equal(new byte[] { 1, 2, 3 }, reply.Blob.ToByteArray());
    }

    [Fact]
    public async Task Empty_message_round_trips_as_zero_length_frame()
    {
        var reply = await server.Channel.UnaryAsync(InteropApi.Echo, new EchoRequest());

        Assert.Equal("", reply.Text);
        Assert.Equal(0, reply.Number);
    }

    [Fact]
    public async Task Request_metadata_reaches_handler_and_response_headers_and_trailers_reach_client()
    {
        var headers = new GrpcMetadata().Add("x-echo", "meta-value").Add("x-echo-bin", new byte[] { 0, 255, 7 });

        var response = await server.Channel.UnaryWithMetadataAsync(InteropApi.Echo, new EchoRequest { Text = "m" }, new CallOptions { Headers = headers });

        Assert.Equal("meta-value", response.Message.MetadataEcho);
        Assert.Equal("meta-value", response.Headers.Get("x-echo-header"));
        Assert.Equal("meta-value", response.Trailers.Get("x-echo-trailer"));
        Assert.Equal(new byte[] { 0, 255, 7 }, response.Trailers.GetBytes("x-echo-bin"));
    }

    [Fact]
    public async Task Handler_status_with_non_ascii_message_reaches_client_intact_with_trailers()
    {
        const string detail = "Zustand ungültig: ✓ 100% — 名前\nnext line";
        var headers = new GrpcMetadata().Add("x-echo", "t");

        var error = await Assert.ThrowsAsync<GrpcCallException>(() => server.Channel.UnaryAsync(
            InteropApi.Echo, new EchoRequest { FailCode = (uint)StatusCode.FailedPrecondition, FailMessage = detail }, new CallOptions { Headers = headers }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(detail, error.Detail);
        Assert.Equal("t", error.Trailers.Get("x-echo-trailer"));
    }

    [Fact]
    public async Task Non_ascii_status_message_is_percent_encoded_on_the_wire()
    {
        using var raw = new RawGrpc(server.Host.Address);
        var request = new EchoRequest { FailCode = (uint)StatusCode.NotFound, FailMessage = "ü 100%" };

        var response = await raw.SendAsync(InteropApi.Echo.Path, RawGrpc.Frame(request));

        Assert.Equal("5", response.GrpcStatus);
        Assert.Equal("%C3%BC 100%25", response.GrpcMessage);
    }

    [Fact]
    public async Task Handler_exception_becomes_unknown_without_leaking_its_text()
    {
        var error = await Assert.ThrowsAsync<GrpcCallException>(() => server.Channel.UnaryAsync(InteropApi.Echo, new EchoRequest { Text = "throw" }));

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.DoesNotContain("secret", error.Detail);
    }

    [Fact]
    public async Task Unknown_method_returns_unimplemented()
    {
        var error = await Assert.ThrowsAsync<GrpcCallException>(() => server.Channel.UnaryAsync(InteropApi.NotImplemented, new EchoRequest()));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Contains("NotImplemented", error.Detail);
    }

    [Fact]
    public async Task Many_concurrent_calls_share_one_pooled_connection()
    {
        using var channel = new GrpcChannel(server.Host.Address);
        server.Service.ResetObservations();

        var calls = Enumerable.Range(0, 500).Select(i => channel.UnaryAsync(InteropApi.Echo, new EchoRequest { Number = i }));
        var replies = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 500).Select(i => (long)i), replies.Select(r => r.Number));
        Assert.Equal(1, server.Service.DistinctConnections);
    }

    [Fact]
    public async Task Large_message_within_limits_round_trips()
    {
        var blob = Encoding.ASCII.GetBytes(new string('x', 60 * 1024));

        var reply = await server.Channel.UnaryAsync(InteropApi.Echo, new EchoRequest { Blob = ByteString.CopyFrom(blob) });

        Assert.Equal(blob.Length, reply.Blob.Length);
    }

    [Fact]
    public async Task Connection_refused_maps_to_unavailable()
    {
        using var channel = new GrpcChannel(new Uri($"http://127.0.0.1:{FreePort.Pick()}"));

        var error = await Assert.ThrowsAsync<GrpcCallException>(() => channel.UnaryAsync(InteropApi.Echo, new EchoRequest()));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }
}
