namespace EntityPlatform.Cluster.Tests;

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; throws TimeoutException naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}; it did not happen within {timeout}");
            }

            await Task.Delay(50);
        }
    }
}
