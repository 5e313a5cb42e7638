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

    /// <summary>As above, for a condition that asks over the network (a failed call counts as "not yet").</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Exception? last = null;
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                last = error;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}; it did not happen within {timeout}", last);
            }

            await Task.Delay(50);
        }
    }
}
