using System.Text;
using EntityPlatform.Grpc.Tests.Interop.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace EntityPlatform.Grpc.Tests.Support;

/// <summary>
/// Our implementation of the test service on Grpc.AspNetCore, following the rules in Protos/interop.proto.
/// It also records what tests need to observe from the server side: cancellations seen.
/// </summary>
public sealed class InteropService : Interop.V1.InteropService.InteropServiceBase
{
    /// <summary>Completes with the method path whenever a handler observes its cancellation token fire.</summary>
    public TaskCompletionSource<string> CancellationObserved { get; private set; } = NewSignal();

    public void ResetObservations() => CancellationObserved = NewSignal();

    public override async Task<EchoReply> Echo(EchoRequest request, ServerCallContext context)
    {
        var echo = await EchoMetadataAsync(context);
        if (request.DelayMs > 0)
        {
            await DelayAsync(request.DelayMs, context);
        }

        if (request.FailCode != 0)
        {
            throw new RpcException(new Status((StatusCode)request.FailCode, request.FailMessage));
        }

        if (request.Text == "throw")
        {
            throw new InvalidOperationException("secret internal detail");
        }

        return new EchoReply { Text = request.Text, Number = request.Number, MetadataEcho = echo, Blob = request.Blob };
    }

    public override async Task Count(CountRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        for (var i = 0; i < request.Count; i++)
        {
            if (i > 0 && request.IntervalMs > 0)
            {
                await DelayAsync(request.IntervalMs, context);
            }

            await responseStream.WriteAsync(new EchoReply { Text = $"n{i}", Number = i });
        }

        if (request.FailCodeAtEnd != 0)
        {
            throw new RpcException(new Status((StatusCode)request.FailCodeAtEnd, request.FailMessage));
        }
    }

    public override async Task<SumReply> Sum(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        var reply = new SumReply();
        var texts = new StringBuilder();
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            if (request.FailCode != 0)
            {
                throw new RpcException(new Status((StatusCode)request.FailCode, request.FailMessage));
            }

            if (request.DelayMs > 0)
            {
                await DelayAsync(request.DelayMs, context);
            }

            reply.Total += request.Number;
            reply.Count++;
            texts.Append(request.Text);
        }

        reply.Texts = texts.ToString();
        return reply;
    }

    public override async Task Chat(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        var echo = await EchoMetadataAsync(context);
        // Observes the token itself: what a handler is promised is that this token fires.
        using var observe = context.CancellationToken.Register(() => CancellationObserved.TrySetResult(context.Method));
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            if (request.FailCode != 0)
            {
                throw new RpcException(new Status((StatusCode)request.FailCode, request.FailMessage));
            }

            await responseStream.WriteAsync(new EchoReply { Text = request.Text, Number = request.Number, MetadataEcho = echo });
        }
    }

    private async Task DelayAsync(uint delayMs, ServerCallContext context)
    {
        try
        {
            await Task.Delay((int)delayMs, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            CancellationObserved.TrySetResult(context.Method);
            throw;
        }
    }

    private static async Task<string> EchoMetadataAsync(ServerCallContext context)
    {
        var echo = context.RequestHeaders.GetValue("x-echo") ?? "";
        if (echo.Length > 0)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { "x-echo-header", echo } });
            context.ResponseTrailers.Add("x-echo-trailer", echo);
        }

        if (context.RequestHeaders.GetValueBytes("x-echo-bin") is { } bytes)
        {
            context.ResponseTrailers.Add("x-echo-bin", bytes);
        }

        return echo;
    }

    private static TaskCompletionSource<string> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
