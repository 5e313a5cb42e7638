using System.Text;
using EntityPlatform;
using EntityPlatform.Client;

namespace EntityPlatform.Samples.ReadModel;

/// <summary>
/// The demo's writers: one client task per account, each depositing 1 again and again. The SDK retries a
/// deposit with the same session and request id, so it applies at most once; one that still fails for good
/// (its whole deadline passed) may or may not have applied, and is counted apart.
/// </summary>
internal sealed class DepositLoad(EntityPlatformClient client, string entityType, string prefix, int accounts)
{
    private static readonly ReadOnlyMemory<byte> DepositOne = Encoding.UTF8.GetBytes("""{"type":"deposit","amount":1}""");
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);
    private readonly long[] acknowledged = new long[accounts];
    private readonly long[] failed = new long[accounts];

    public long Acknowledged => Enumerable.Range(0, accounts).Sum(AcknowledgedOf);

    public long Failed => Enumerable.Range(0, accounts).Sum(FailedOf);

    public long AcknowledgedOf(int account) => Volatile.Read(ref acknowledged[account]);

    public long FailedOf(int account) => Volatile.Read(ref failed[account]);

    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, accounts).Select(account => Task.Run(() => DepositLoopAsync(account, stop), CancellationToken.None)));

    private async Task DepositLoopAsync(int account, CancellationToken stop)
    {
        var id = prefix + account.ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // Not cancelled by stop: a deposit in flight finishes (or fails) so that it is counted.
                var reply = await client.SendCommandAsync(entityType, id, DepositOne, CallDeadline, CancellationToken.None);
                // The account entity never rejects a positive deposit.
                Invariant.Assert(reply.Accepted is not null, $"a deposit to {id} was rejected: {reply.Rejected?.Reason}");
                Interlocked.Increment(ref acknowledged[account]);
            }
            catch (EntityPlatformException)
            {
                Interlocked.Increment(ref failed[account]);
            }
        }
    }
}
