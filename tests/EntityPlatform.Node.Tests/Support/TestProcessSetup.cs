using System.Runtime.CompilerServices;

namespace EntityPlatform.Node.Tests.Support;

internal static class TestProcessSetup
{
    /// <summary>
    /// The transport tests host Kestrel servers, gRPC clients and the test runner in one process on a
    /// 2-core machine, where the thread pool starts with 2 threads and injects more only about once a
    /// second; streaming calls then stall for ~1 s. Starting with more threads removes that artefact.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(completionPorts, 32));
    }
}
