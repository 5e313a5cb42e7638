using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>Writes scheduler logs to a file when EP_TEST_LOG names one, to debug a failing cluster test.</summary>
internal sealed class FileLogger<T>(string path, ulong node) : ILogger<T>
{
    private static readonly Lock Gate = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Gate)
        {
            File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} n{node} {logLevel}: {formatter(state, exception)} {exception}\n");
        }
    }
}
