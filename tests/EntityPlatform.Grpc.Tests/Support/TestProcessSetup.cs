using System.Runtime.CompilerServices;

namespace EntityPlatform.Grpc.Tests.Support;

internal static class TestProcessSetup
{
    /// <summary>
    /// This test process hosts the test runner, Kestrel and our client on a 2-core machine, where the
    /// thread pool starts with 2 threads. The runner blocks pool threads while tests run, and the pool then
    /// injects new ones only about once a second, which stalls streaming calls for ~1 s and makes the
    /// deadline tests flaky. Starting with more threads removes that artefact of the test host.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(completionPorts, 32));
    }
}
