using System.Runtime.CompilerServices;

namespace EntityPlatform.Client.Tests.Support;

internal static class TestProcessSetup
{
    /// <summary>
    /// Many concurrent client calls run in the test process on a 2-core machine, where the thread pool starts
    /// with 2 threads and adds about one a second; without more threads up front, calls queue behind each
    /// other and the timing-bounded tests measure the pool instead of the client.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(completionPorts, 32));
    }
}
