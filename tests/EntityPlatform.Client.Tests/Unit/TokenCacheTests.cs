using EntityPlatform.Client.Tests.Support;
using EntityPlatform.Client.Transport;

namespace EntityPlatform.Client.Tests.Unit;

/// <summary>Issue 15: the SDK refreshes bearer tokens before they expire, once for many callers, and rides out a failing provider while the old token holds.</summary>
public sealed class TokenCacheTests
{
    private readonly SteppedTime _time = new();
    private int _issued;
    private bool _providerFails;

    private ValueTask<BearerToken> Provide(CancellationToken cancellation)
    {
        if (_providerFails)
        {
            throw new InvalidOperationException("identity provider down");
        }

        var n = Interlocked.Increment(ref _issued);
        return ValueTask.FromResult(new BearerToken($"token-{n}", _time.GetUtcNow() + TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public async Task A_fresh_token_is_reused_and_a_new_one_is_fetched_before_expiry()
    {
        var cache = new TokenCache(Provide, TimeSpan.FromMinutes(1), _time);

        var first = await cache.HeaderAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(8));
        var stillFirst = await cache.HeaderAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(61)); // 9m01s: inside the minute before expiry
        var second = await cache.HeaderAsync(CancellationToken.None);

        Assert.Equal("Bearer token-1", first);
        Assert.Equal(first, stillFirst);
        Assert.Equal("Bearer token-2", second);
        Assert.Equal(2, cache.Refreshes);
    }

    [Fact]
    public async Task Many_concurrent_callers_cause_one_refresh()
    {
        var cache = new TokenCache(Provide, TimeSpan.FromMinutes(1), _time);

        var headers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => cache.HeaderAsync(CancellationToken.None).AsTask()));

        Assert.All(headers, header => Assert.Equal("Bearer token-1", header));
        Assert.Equal(1, _issued);
    }

    [Fact]
    public async Task A_failing_provider_is_ridden_out_while_the_old_token_holds_then_surfaces()
    {
        var cache = new TokenCache(Provide, TimeSpan.FromMinutes(1), _time);
        await cache.HeaderAsync(CancellationToken.None);
        _providerFails = true;

        _time.Advance(TimeSpan.FromMinutes(9.5));
        var old = await cache.HeaderAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("Bearer token-1", old);
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.HeaderAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public void A_token_prints_without_its_value()
    {
        var token = new BearerToken("secret-value", _time.GetUtcNow());

        Assert.DoesNotContain("secret-value", token.ToString());
    }
}
