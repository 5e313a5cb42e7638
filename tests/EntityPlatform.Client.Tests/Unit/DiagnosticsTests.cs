using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using EntityPlatform.Client.Diagnostics;
using EntityPlatform.Client.Tests.Support;

namespace EntityPlatform.Client.Tests.Unit;

/// <summary>Calls, retries, breaker transitions and refreshes show up as metrics and traces.</summary>
public sealed class DiagnosticsTests
{
    [Fact]
    public async Task Calls_retries_breaker_changes_and_refreshes_are_measured()
    {
        var cluster = new FakeCluster { Leader = 2, ReportedLeader = 1 };
        using var client = FakeClients.Create(cluster);
        var measured = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == client.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measured.AddOrUpdate(Key(instrument.Name, tags), value, (_, sum) => sum + value));
        listener.Start();

        await client.IncrementAsync("c1");
        // Node 2 dies while Topology keeps naming it: each refresh sends calls back to it until its circuit opens.
        cluster.Dead[2] = true;
        cluster.ReportedLeader = null;
        cluster.NonLeadersForward = true;
        for (var i = 0; i < 6; i++)
        {
            await client.IncrementAsync($"c{i}");
            await Task.Delay(60);
        }

        Assert.Equal(7, measured.GetValueOrDefault($"{EntityPlatformClientDiagnostics.Calls}|method=Command,status=ok"));
        Assert.True(measured.GetValueOrDefault($"{EntityPlatformClientDiagnostics.Retries}|method=Command,reason=not_leader") >= 1);
        Assert.True(measured.GetValueOrDefault($"{EntityPlatformClientDiagnostics.Retries}|method=Command,reason=unreachable") >= 1);
        Assert.Equal(1, measured.GetValueOrDefault($"{EntityPlatformClientDiagnostics.BreakerTransitions}|endpoint=n2:7000,state=open"));
        Assert.True(measured.GetValueOrDefault($"{EntityPlatformClientDiagnostics.LeaderMapRefreshes}|outcome=ok") >= 1);
        Assert.True(measured.GetValueOrDefault($"{EntityPlatformClientDiagnostics.LeaderChanges}|source=hint") >= 1);
    }

    [Fact]
    public async Task Each_call_is_one_client_activity_with_retries_as_events()
    {
        var cluster = new FakeCluster { Leader = 2, ReportedLeader = 1 };
        using var client = FakeClients.Create(cluster);
        await client.ConnectAsync();
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EntityPlatformClientDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var entityId = $"traced-{Guid.NewGuid():N}";

        await client.IncrementAsync(entityId);

        var activity = Assert.Single(activities, a => (string?)a.GetTagItem("entityplatform.entity_type") == "counter" && a.Events.Any());
        Assert.Equal(ActivityKind.Client, activity.Kind);
        Assert.Equal("entityplatform.v1.EntityService/Command", activity.OperationName);
        Assert.Equal(2, activity.GetTagItem("entityplatform.attempts"));
        Assert.Equal("retry", Assert.Single(activity.Events).Name);
    }

    private static string Key(string name, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>();
        foreach (var tag in tags)
        {
            parts.Add($"{tag.Key}={tag.Value}");
        }

        parts.Sort(StringComparer.Ordinal);
        return $"{name}|{string.Join(",", parts)}";
    }
}
