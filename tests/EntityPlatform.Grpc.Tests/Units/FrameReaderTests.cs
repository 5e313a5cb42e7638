using System.IO.Pipelines;
using EntityPlatform.Grpc.Framing;
using EntityPlatform.Grpc.Status;
using EntityPlatform.Grpc.Tests.Interop.V1;
using EntityPlatform.Grpc.Tests.Support;

namespace EntityPlatform.Grpc.Tests.Units;

public sealed class FrameReaderTests
{
    [Fact]
    public async Task Reads_messages_split_across_single_byte_writes()
    {
        var pipe = new Pipe();
        byte[] bytes = [.. RawGrpc.Frame(new EchoRequest { Text = "one" }), .. RawGrpc.Frame(new EchoRequest { Text = "two" })];
        var writer = Task.Run(async () =>
        {
            foreach (var b in bytes)
            {
                await pipe.Writer.WriteAsync(new[] { b });
            }
            await pipe.Writer.CompleteAsync();
        });

        var first = await FrameReader.ReadMessageAsync(pipe.Reader, EchoRequest.Parser, 1024, default);
        var second = await FrameReader.ReadMessageAsync(pipe.Reader, EchoRequest.Parser, 1024, default);
        var end = await FrameReader.ReadMessageAsync(pipe.Reader, EchoRequest.Parser, 1024, default);
        await writer;

        Assert.Equal("one", first!.Text);
        Assert.Equal("two", second!.Text);
        Assert.Null(end);
    }

    [Fact]
    public async Task Stream_ending_inside_a_frame_is_internal()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(RawGrpc.Frame(new byte[3], declaredLength: 10));
        await pipe.Writer.CompleteAsync();

        var error = await Assert.ThrowsAsync<GrpcCallException>(async () => await FrameReader.ReadMessageAsync(pipe.Reader, EchoRequest.Parser, 1024, default));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Fact]
    public async Task Oversized_prefix_is_refused_before_its_payload_arrives()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(RawGrpc.Frame([], declaredLength: 2048));

        var error = await Assert.ThrowsAsync<GrpcCallException>(async () => await FrameReader.ReadMessageAsync(pipe.Reader, EchoRequest.Parser, 1024, default));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }
}
