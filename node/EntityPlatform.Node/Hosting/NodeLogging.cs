using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Hosting;

/// <summary>
/// The node's log configuration: one line per event on the console, Information and up for the node's own
/// categories. ASP.NET Core and Grpc.AspNetCore log every request at Information ("Request starting",
/// "Executing endpoint", "Executed endpoint", "Request finished": four lines per call), which on a node
/// serving tens of thousands of calls a second costs more CPU than the calls themselves, so their
/// categories log from Warning. Kestrel's start-up lines (Microsoft.Hosting.Lifetime) stay.
/// </summary>
public static class NodeLogging
{
    /// <summary>Categories that log per request below Warning; filtered to Warning.</summary>
    public static IReadOnlyList<string> PerRequestCategories { get; } = ["Microsoft.AspNetCore", "Grpc"];

    public static ILoggerFactory Create() => LoggerFactory.Create(Configure);

    public static void Configure(ILoggingBuilder builder)
    {
        builder.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Information);
        foreach (var category in PerRequestCategories)
        {
            builder.AddFilter(category, LogLevel.Warning);
        }
    }
}
