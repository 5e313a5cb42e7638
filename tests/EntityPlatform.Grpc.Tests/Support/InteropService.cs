using System.Text;
using EntityPlatform.Grpc.Metadata;
using EntityPlatform.Grpc.Server;
using EntityPlatform.Grpc.Status;
using EntityPlatform.Grpc.Streams;
using EntityPlatform.Grpc.Tests.Interop.V1;

namespace EntityPlatform.Grpc.Tests.Support;

/// <summary>
/// Our implementation of the test service, following the rules in Protos/interop.proto. It also records
/// what tests need to observe from the server side: cancellations seen and connection ids.
/// </summary>
public sealed class InteropService
{
    private readonly object _gate = new();
    private readonly HashSet<string> _connectionIds = [];

    /// <summary>Completes with the method path whenever a handler observes its cancellation token fire.</summary>
    public TaskCompletionSource<string> CancellationObserved { get; private set; } = NewSignal();

    /// <summary>When true, Echo's delay ignores cancellation (to prove the server ends the call anyway).</summary>
    public bool IgnoreCancellation { get; set; }

    public int DistinctConnections
    {
        get { lock (_gate) { return _connectionIds.Count; } }
    }

    public void ResetObservations()
    {
        CancellationObserved = NewSignal();
        lock (_gate)
        {
            _connectionIds.Clear();
        }
    }

    public GrpcServiceRegistry Register(GrpcServiceRegistry registry) => registry
        .Unary(InteropApi.Echo, EchoAsync)
        .ServerStreaming(InteropApi.Count, CountAsync)
        .ClientStreaming(InteropApi.Sum, SumAsync)
        .DuplexStreaming(InteropApi.Chat, ChatAsync);

    private async ValueTask<EchoReply> EchoAsync(EchoRequest request, ServerCallContext context)
    {
        lock (_gate)
        {
            _connectionIds.Add(context.HttpContext.Connection.Id);
        }
        var echo = EchoMetadata(context);
        if (request.DelayMs > 0)
        {
            await DelayAsync(request.DelayMs, context);
        }
        if (request.FailCode != 0)
        {
            throw new GrpcCallException((StatusCode)request.FailCode, request.FailMessage);
        }
        if (request.Text == "throw")
        {
            throw new InvalidOperationException("secret internal detail");
        }
        return new EchoReply { Text = request.Text, Number = request.Number, MetadataEcho = echo, Blob = request.Blob };
    }

    private async Task CountAsync(CountRequest request, IStreamWriter<EchoReply> responses, ServerCallContext context)
    {
        EchoMetadata(context);
        for (var i = 0; i < request.Count; i++)
        {
            if (i > 0 && request.IntervalMs > 0)
            {
                await DelayAsync(request.IntervalMs, context);
            }
            await responses.WriteAsync(new EchoReply { Text = $"n{i}", Number = i });
        }
        if (request.FailCodeAtEnd != 0)
        {
            throw new GrpcCallException((StatusCode)request.FailCodeAtEnd, request.FailMessage);
        }
    }

    private async ValueTask<SumReply> SumAsync(IStreamReader<EchoRequest> requests, ServerCallContext context)
    {
        EchoMetadata(context);
        var reply = new SumReply();
        var texts = new StringBuilder();
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            if (request.FailCode != 0)
            {
                throw new GrpcCallException((StatusCode)request.FailCode, request.FailMessage);
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

    private async Task ChatAsync(IStreamReader<EchoRequest> requests, IStreamWriter<EchoReply> responses, ServerCallContext context)
    {
        var echo = EchoMetadata(context);
        // Observes the token itself: what a handler is promised is that this token fires.
        using var observe = context.CancellationToken.Register(() => CancellationObserved.TrySetResult(context.Method));
        while (await requests.MoveNextAsync(context.CancellationToken))
        {
            var request = requests.Current;
            if (request.FailCode != 0)
            {
                throw new GrpcCallException((StatusCode)request.FailCode, request.FailMessage);
            }
            await responses.WriteAsync(new EchoReply { Text = request.Text, Number = request.Number, MetadataEcho = echo });
        }
    }

    private async Task DelayAsync(uint delayMs, ServerCallContext context)
    {
        if (IgnoreCancellation)
        {
            await Task.Delay((int)delayMs);
            return;
        }
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

    private static string EchoMetadata(ServerCallContext context)
    {
        var echo = context.RequestHeaders.Get("x-echo") ?? "";
        if (echo.Length > 0)
        {
            context.ResponseHeaders.Add("x-echo-header", echo);
            context.ResponseTrailers.Add("x-echo-trailer", echo);
        }
        if (context.RequestHeaders.GetBytes("x-echo-bin") is { } bytes)
        {
            context.ResponseTrailers.Add("x-echo-bin", bytes);
        }
        return echo;
    }

    private static TaskCompletionSource<string> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
