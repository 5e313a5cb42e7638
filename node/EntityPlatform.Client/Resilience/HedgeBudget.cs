namespace EntityPlatform.Client.Resilience;

/// <summary>
/// The per-client cap on hedged attempts in flight. A hedge is extra load; when the cluster is slow because
/// it is overloaded, every call would want one, so without a cap hedging would double the overload. A hedge
/// takes a token when it is sent and returns it when its attempt ends (answered, failed or cancelled); with
/// no token left the call simply waits for the attempts it already has.
/// </summary>
internal sealed class HedgeBudget(int tokens)
{
    private int inFlight;

    public int Tokens => tokens;

    /// <summary>Hedges in flight now (for tests and metrics).</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    public bool TryTake()
    {
        while (true)
        {
            var current = Volatile.Read(ref inFlight);
            if (current >= tokens)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref inFlight, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void Return()
    {
        var left = Interlocked.Decrement(ref inFlight);
        Invariant.Assert(left >= 0, "a hedge token was returned twice");
    }
}
