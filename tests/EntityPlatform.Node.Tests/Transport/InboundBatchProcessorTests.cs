using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Tests.Support;
using EntityPlatform.Node.Transport;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Tests.Transport;

/// <summary>Issue 12, item 7: a peer flooding malformed messages is counted in full but warned about once per interval.</summary>
public sealed class InboundBatchProcessorTests
{
    [Fact]
    public void A_flood_of_malformed_messages_is_all_counted_and_logged_once()
    {
        using var metrics = new TransportMetrics();
        var logger = new LineCountingLogger();
        var processor = new InboundBatchProcessor(new RecordingInbox(), assembler: null, localNodeId: 2, metrics, logger);
        var batch = new RaftBatch { FromNode = 1, ToNode = 2 };
        for (var i = 0; i < 500; i++)
        {
            // group_id 0 is malformed on the wire.
            batch.Messages.Add(new RaftMessage { Type = RaftMessageType.MsgHeartbeat, GroupId = 0, From = 1, To = 2, Term = 1 });
        }

        Assert.Null(processor.Process(batch));
        Assert.Equal(500, metrics.MessagesDroppedInvalid);
        Assert.Equal(1, logger.Warnings);
    }

    private sealed class LineCountingLogger : ILogger
    {
        public int Warnings { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings++;
            }
        }
    }
}
