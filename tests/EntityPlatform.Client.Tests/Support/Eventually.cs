using System.Diagnostics;

namespace EntityPlatform.Client.Tests.Support;

/// <summary>Waits for a condition with a deadline (polling every few milliseconds), never a fixed sleep.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan deadline, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > deadline)
            {
                Assert.Fail($"{what}: not true within {deadline.TotalMilliseconds:0} ms");
            }

            await Task.Delay(5);
        }
    }
}
